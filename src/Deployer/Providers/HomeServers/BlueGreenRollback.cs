using Deployer.Execution;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Returns one service to a container a recorded release left on the host: it is started again, passes the same health
/// gate and takes over; nothing is pulled or built. If it does not get healthy it is stopped again (it stays retained).
/// </summary>
public sealed class BlueGreenRollback(IHomeHost host, ContainerCommands engine, IProxySwitch proxy, Switchover switchover)
{
    public async Task<ServiceOutcome> RunAsync(HomeServiceSpec service, string container, CancellationToken cancellationToken)
    {
        var current = await proxy.ReadAsync(cancellationToken);
        if (current.GetValueOrDefault(service.Name)?.Container == container)
            return new ServiceOutcome(service.Name, Outcome.Unchanged, $"{service.Name}: {container} already serves", container);
        var started = await host.RunAsync(engine.Start(container), null, cancellationToken);
        if (!started.Succeeded)
            return new ServiceOutcome(service.Name, Outcome.Failed, $"{service.Name}: the retained container {container} could not be started on {host.Name} ({started.Error.Trim()}); nothing was switched");
        return await switchover.RunAsync(service, container, current, () => host.RunAsync(engine.Stop(container), null, CancellationToken.None), cancellationToken);
    }
}
