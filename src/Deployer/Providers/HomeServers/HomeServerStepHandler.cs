using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Runs home-server steps: one service after another, each blue/green through the host's SSH connection. The first
/// service that does not end Succeeded (or Unchanged) stops the step; the services before it keep their new colour.
/// </summary>
/// <param name="secretsFor">Each service's resolved secrets, by step id and service name.</param>
/// <param name="locking">Who the run is, for each host's lock and audit log; null takes no lock and writes no log.</param>
public sealed class HomeServerStepHandler(
    Func<DeployHomeServerStep, CancellationToken, Task<IHomeHost>> hostFor,
    Func<DeployHomeServerStep, string, IReadOnlyDictionary<string, Secret>> secretsFor,
    HttpClient http, TimeProvider time, HostLocking? locking = null) : IStepHandler
{
    public bool Handles(Step step) => step is DeployHomeServerStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var deploy = (DeployHomeServerStep)step;
        if (deploy.Mode == PlanMode.Rollback && deploy.Server.Services.FirstOrDefault(s => deploy.Recorded?.ContainsKey(s.Name) != true) is { } unrecorded)
            return StepResult.Of(Outcome.Failed, $"nothing changed: the recorded release names no container for {unrecorded.Name} on {deploy.Server.Host}");
        IHomeHost host;
        try
        {
            host = await hostFor(deploy, cancellationToken);
        }
        catch (SshRefusedException e)
        {
            return StepResult.Of(Outcome.Failed, $"nothing changed: {e.Message}");
        }
        var engine = new ContainerCommands(deploy.Server.Engine);
        string? caveat;
        try
        {
            if (await HostEngineCheck.RefusalAsync(host, engine, deploy.Setting, cancellationToken) is { } noEngine) return noEngine;
            caveat = deploy.Server.Proxy.Kind == ProxyKind.Caddy ? await CaddyListenerCheck.CaveatAsync(host, cancellationToken) : null;
        }
        catch (SshLinkLostException e)
        {
            return StepResult.Of(Outcome.Failed, $"nothing changed: {e.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return StepResult.Of(Outcome.Cancelled, $"nothing changed: cancelled before the deployment lock on {host.Name} was taken");
        }
        var (held, refusal) = await HostLock.AcquireAsync(host, deploy, locking, time, cancellationToken);
        if (held is null) return refusal!;
        await using var hold = held;
        var proxy = ProxySwitches.For(host, deploy.Server, http);
        var switchover = new Switchover(host, engine, proxy, new HealthGate(http, time), time);
        var done = new List<(ServiceOutcome Outcome, string Image)>();
        try
        {
            foreach (var service in deploy.Server.Services)
            {
                await hold.AuditAsync(service.Name, "start", "begun", deploy.Mode == PlanMode.Rollback ? deploy.Recorded![service.Name] : deploy.Images[service.Name]);
                var outcome = deploy.Mode == PlanMode.Rollback
                    ? await new BlueGreenRollback(host, engine, proxy, switchover).RunAsync(service, deploy.Recorded![service.Name], cancellationToken)
                    : await new BlueGreenRelease(host, engine, proxy, switchover, time).RunAsync(service, deploy.Images[service.Name], secretsFor(deploy, service.Name), cancellationToken);
                await hold.AuditAsync(service.Name, deploy.Mode == PlanMode.Rollback ? "rollback" : "switch", outcome.Outcome.ToString().ToLowerInvariant(), outcome.Message);
                if (outcome.Outcome is not (Outcome.Succeeded or Outcome.Unchanged))
                    return new StepResult(outcome.Outcome, Message(done, outcome.Message), Output(deploy, done), outcome.Forensics);
                done.Add((outcome, deploy.Mode == PlanMode.Rollback ? "" : deploy.Images[service.Name]));
            }
        }
        catch (SshLinkLostException e)
        {
            return new StepResult(Outcome.Failed, Message(done, $"{e.Message}; the next run removes a container this one left running, and the proxy was only ever switched whole"), Output(deploy, done));
        }
        catch (RemoteCommandException e)
        {
            await hold.AuditAsync(deploy.Server.Services[done.Count].Name, deploy.Mode == PlanMode.Rollback ? "rollback" : "switch", "failed", e.Message);
            return new StepResult(Outcome.Failed, Message(done, e.Message), Output(deploy, done));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new StepResult(Outcome.Cancelled, Message(done, "cancelled before a new container started"), Output(deploy, done));
        }
        var outcomeOfAll = done.All(d => d.Outcome.Outcome == Outcome.Unchanged) ? Outcome.Unchanged : Outcome.Succeeded;
        return new StepResult(outcomeOfAll, string.Join("; ", done.Select(d => d.Outcome.Message).Append(caveat).OfType<string>()), Output(deploy, done));
    }

    private static string Message(List<(ServiceOutcome Outcome, string Image)> done, string last) =>
        string.Join("; ", done.Select(d => d.Outcome.Message).Append(last));

    private static HomeServerDeployed Output(DeployHomeServerStep step, List<(ServiceOutcome Outcome, string Image)> done) => new(
        step.Server.Host,
        done.Select(d => d.Outcome.Service).ToArray(),
        done.Select(d => d.Outcome.Container ?? "").ToArray(),
        done.Select(d => d.Image).ToArray(),
        done.Select(d => ServiceContainer.Parse(d.Outcome.Service, d.Outcome.Container ?? "")?.Colour.ToString().ToLowerInvariant() ?? "").ToArray());

    /// <summary>A blue/green change cannot be undone once the old container was stopped and drained; a rollback run does that through the same gate.</summary>
    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null);
}
