using Deployer.Execution;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>How one service's blue/green change ended.</summary>
public sealed record ServiceOutcome(string Service, Outcome Outcome, string Message, string? Container = null, string? Forensics = null);

/// <summary>
/// The part a release and a rollback share once a candidate container runs: the health gate, the switch, the drain and
/// the old container's stop. Until the switch the old container serves and a failure or cancellation only discards the
/// candidate. A cancellation that arrives while the switch runs lets it finish, switches back, waits out the drain and
/// only then discards the candidate, so the proxy never points at a container that is gone.
/// </summary>
public sealed class Switchover(IHomeHost host, ContainerCommands engine, IProxySwitch proxy, HealthGate gate, TimeProvider time)
{
    /// <param name="discard">What happens to the candidate when it does not take over (removed for a release, stopped for a rollback).</param>
    public async Task<ServiceOutcome> RunAsync(HomeServiceSpec service, string candidate, IReadOnlyDictionary<string, Backend> current,
        Func<Task> discard, CancellationToken cancellationToken)
    {
        var drain = TimeSpan.FromSeconds(service.DrainSeconds);
        try
        {
            var address = ContainerCommands.Address((await host.RequireAsync(engine.Port(candidate, service.Port), cancellationToken)).Output)
                          ?? throw new RemoteCommandException($"on {host.Name}: {candidate} publishes no loopback port for {service.Port}", null!);
            var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var health = new UriBuilder(host.Forward(port)) { Path = service.HealthPath }.Uri;
            var (verdict, why) = await gate.WaitAsync(health, TimeSpan.FromSeconds(service.HealthIntervalSeconds), TimeSpan.FromSeconds(service.HealthTimeoutSeconds), cancellationToken);
            if (verdict != HealthVerdict.Healthy)
            {
                var logs = await host.RunAsync(engine.Logs(candidate), null, CancellationToken.None);
                await discard();
                return new ServiceOutcome(service.Name, Outcome.RolledBack,
                    $"{service.Name}: {candidate} {why}; it was removed and {Serving(current, service.Name)} kept serving", candidate,
                    $"last log lines of {candidate}:\n{(logs.Output + logs.Error).TrimEnd()}");
            }
            cancellationToken.ThrowIfCancellationRequested();
            var healthy = time.GetTimestamp();
            await proxy.SwitchAsync(current, service.Name, new Backend(candidate, address));
            var swap = time.GetElapsedTime(healthy);
            if (cancellationToken.IsCancellationRequested)
            {
                await proxy.RestoreAsync(current);
                await Task.Delay(drain, time, CancellationToken.None);
                await discard();
                return new ServiceOutcome(service.Name, Outcome.Cancelled, $"{service.Name}: cancelled during the switch; {Serving(current, service.Name)} serves again and {candidate} was discarded", candidate);
            }
            await Task.Delay(drain, time, CancellationToken.None);
            if (current.GetValueOrDefault(service.Name) is { } old)
                await host.RunAsync(engine.Stop(old.Container), null, CancellationToken.None);
            return new ServiceOutcome(service.Name, Outcome.Succeeded,
                $"{service.Name}: {candidate} serves (healthy to switched in {swap.TotalMilliseconds:0} ms){(current.GetValueOrDefault(service.Name) is { } o ? $"; {o.Container} stopped after a {service.DrainSeconds} s drain" : "")}", candidate);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await discard();
            return new ServiceOutcome(service.Name, Outcome.Cancelled, $"{service.Name}: cancelled before the switch; {Serving(current, service.Name)} kept serving and {candidate} was discarded", candidate);
        }
        catch (RemoteCommandException e)
        {
            await discard();
            return new ServiceOutcome(service.Name, Outcome.Failed, $"{service.Name}: {e.Message}; {Serving(current, service.Name)} kept serving", candidate);
        }
    }

    private static string Serving(IReadOnlyDictionary<string, Backend> current, string service) =>
        current.GetValueOrDefault(service) is { } old ? old.Container : "nothing new";
}
