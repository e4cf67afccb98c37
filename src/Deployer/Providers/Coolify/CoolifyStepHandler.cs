using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Coolify.Api;
using Refit;

namespace Deployer.Providers.Coolify;

/// <summary>
/// Runs Coolify steps: queues one deployment per application (or, for a promotion or rollback, one at the recorded
/// commit), waits on them all, cancels what outlives the timeout or the run, and shows the last log lines of a failure.
/// </summary>
public sealed class CoolifyStepHandler(Func<DeployCoolifyStep, ICoolifyDeploys> apiFor, TimeProvider time, TimeSpan? pollInterval = null) : IStepHandler
{
    public bool Handles(Step step) => step is DeployCoolifyStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var coolify = (DeployCoolifyStep)step;
        if (coolify.Unrecorded is { Count: > 0 } unrecorded)
            return StepResult.Of(Outcome.Failed, $"nothing changed: the recorded release names no commit for {string.Join(", ", unrecorded)}, " +
                                                 "and Coolify can only deploy an application at an earlier version by its commit or image tag");
        var api = apiFor(coolify);
        var started = new List<Started>();
        try
        {
            var previous = await CoolifyCompensation.RunningAsync(api, coolify.Target.Applications, cancellationToken);
            // Abandoning the queueing request when the run is cancelled would leave a deployment Coolify accepted running
            // with no uuid to cancel it by: it may still answer for a bounded grace, then its deployments are cancelled below.
            using var queueing = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            string? refused;
            using (cancellationToken.Register(() => queueing.CancelAfter(QueueingGrace)))
                refused = await StartAsync(api, coolify, started, queueing.Token);
            cancellationToken.ThrowIfCancellationRequested();
            if (refused is not null)
            {
                await CoolifyCancel.AllAsync(api, started.Select(s => s.DeploymentUuid));
                return StepResult.Of(Outcome.Failed, refused + (started.Count == 0 ? "" : $"; the {started.Count} deployment(s) it had queued were cancelled"));
            }
            var timeout = TimeSpan.FromMinutes(coolify.Target.TimeoutMinutes);
            var wait = new CoolifyWait(api, time, pollInterval);
            var settled = await Task.WhenAll(started.Select(async s => (s.Application, Result: await wait.UntilSettledAsync(s.DeploymentUuid, timeout, cancellationToken))));
            return await CoolifyOutcome.OfAsync(api, coolify, settled.Select(s => new Settled(s.Application, s.Result.Verdict, s.Result.Deployment)).ToArray(), previous);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var cancelled = await CoolifyCancel.AllAsync(api, started.Select(s => s.DeploymentUuid));
            return StepResult.Of(Outcome.Cancelled, $"cancelled; {cancelled} Coolify deployment(s) cancelled");
        }
        catch (ApiException e)
        {
            await CoolifyCancel.AllAsync(api, started.Select(s => s.DeploymentUuid));
            return StepResult.Of(Outcome.Failed, CoolifyClient.IsTokenRefused(e)
                ? $"{CoolifyClient.Describe(e, "call")}: the instance refused the token of {coolify.TokenSetting} ({coolify.Target.Token})"
                : CoolifyClient.Describe(e, coolify.Mode == PlanMode.Release ? "deploy" : "rollback"));
        }
        catch (HttpRequestException e)
        {
            await CoolifyCancel.AllAsync(api, started.Select(s => s.DeploymentUuid));
            return StepResult.Of(Outcome.Failed, $"Coolify at {coolify.Target.Url} did not answer: {e.Message}");
        }
    }

    private static readonly TimeSpan QueueingGrace = TimeSpan.FromSeconds(15);

    /// <summary>Queues the deployments, adding each to <paramref name="started"/> as it is known; returns why one was not queued, or null.</summary>
    private static async Task<string?> StartAsync(ICoolifyDeploys api, DeployCoolifyStep step, List<Started> started, CancellationToken cancellationToken)
    {
        if (step.Mode != PlanMode.Release)
        {
            foreach (var application in step.Target.Applications)
            {
                var answer = await api.RollbackAsync(application, new CoolifyRollbackRequest(step.Recorded![application]), cancellationToken);
                if (answer.DeploymentUuid is null) return $"Coolify queued no deployment of {application}: {answer.Message}";
                started.Add(new Started(application, answer.DeploymentUuid));
            }
            return null;
        }
        var queued = await api.DeployAsync(string.Join(',', step.Target.Applications), step.Target.Force ? "true" : "false", cancellationToken);
        var refusals = new List<string>();
        foreach (var application in step.Target.Applications)
        {
            // Coolify answers per resource; one it does not find is left out of the list, one it refuses has a message and no deployment.
            var entry = queued.Deployments?.FirstOrDefault(d => d.ResourceUuid == application);
            if (entry?.DeploymentUuid is { } uuid) started.Add(new Started(application, uuid));
            else refusals.Add($"{application}: {entry?.Message ?? "not found on the instance"}");
        }
        return refusals.Count == 0 ? null : "Coolify queued no deployment for " + string.Join("; ", refusals);
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        CoolifyCompensation.RunAsync(apiFor((DeployCoolifyStep)step), (DeployCoolifyStep)step, completed, time, pollInterval, cancellationToken);

    private sealed record Started(string Application, string DeploymentUuid);
}

/// <summary>One application's deployment once the wait ended.</summary>
public sealed record Settled(string Application, CoolifyVerdict Verdict, CoolifyDeployment Deployment);
