using System.Text;
using Deployer.Secrets;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Ships one service's image: clears containers a dead run left running, starts the new colour (secrets in a 0600 env
/// file that is deleted as soon as the container holds them), then hands over to <see cref="Switchover"/>; once the new
/// colour serves, containers beyond the last <see cref="HomeServiceSpec.Keep"/> stopped ones are removed.
/// </summary>
public sealed class BlueGreenRelease(IHomeHost host, ContainerCommands engine, IProxySwitch proxy, Switchover switchover, TimeProvider time)
{
    public async Task<ServiceOutcome> RunAsync(HomeServiceSpec service, string image, IReadOnlyDictionary<string, Secret> secrets, CancellationToken cancellationToken)
    {
        var current = await proxy.ReadAsync(cancellationToken);
        var live = current.GetValueOrDefault(service.Name)?.Container;
        var running = Lines((await host.RequireAsync(engine.List(service.Name, all: false), cancellationToken)).Output);
        var orphans = running.Where(n => n != live).ToArray();
        if (orphans.Length > 0) await host.RequireAsync(engine.Remove(orphans), cancellationToken);

        var next = ServiceContainer.Next(service.Name, live is null ? null : ServiceContainer.Parse(service.Name, live), time.GetUtcNow(), Guid.NewGuid().ToString("N")[..4]);
        var envFile = secrets.Count == 0 ? null : $".deployer/{next.Name}.env";
        try
        {
            if (envFile is not null)
            {
                await host.RequireAsync(RemoteCommand.Of("mkdir", "-p", ".deployer") with { Umask = "077" }, cancellationToken);
                var lines = string.Concat(secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value.Reveal()}\n"));
                await host.RequireAsync(RemoteCommand.Of("cat") with { Umask = "077", WritesTo = envFile }, cancellationToken, new MemoryStream(Encoding.UTF8.GetBytes(lines)));
            }
            RemoteResult started;
            try
            {
                started = await host.RunAsync(engine.Run(next, service, image, envFile), null, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The engine may have started it before the cancel reached the command: it must not outlive the run, and
                // the outcome must not claim it never started.
                await host.RunAsync(engine.Remove(next.Name), null, CancellationToken.None);
                return new ServiceOutcome(service.Name, Execution.Outcome.Cancelled,
                    $"{service.Name}: cancelled while {next.Name} was starting; it was removed and {live ?? "nothing"} kept serving");
            }
            if (!started.Succeeded)
            {
                await host.RunAsync(engine.Remove(next.Name), null, CancellationToken.None);
                return new ServiceOutcome(service.Name, Execution.Outcome.Failed, $"{service.Name}: {next.Name} did not start on {host.Name}: {started.Error.Trim()}; {live ?? "nothing"} kept serving");
            }
        }
        finally
        {
            if (envFile is not null) await host.RunAsync(RemoteCommand.Of("rm", "-f", envFile), null, CancellationToken.None);
        }

        var outcome = await switchover.RunAsync(service, next.Name, current, () => host.RunAsync(engine.Remove(next.Name), null, CancellationToken.None), cancellationToken);
        if (outcome.Outcome != Execution.Outcome.Succeeded) return outcome;
        var all = Lines((await host.RunAsync(engine.List(service.Name, all: true), null, CancellationToken.None)).Output);
        if (Retention.ToRemove(service.Name, all, next.Name, service.Keep) is { Count: > 0 } old)
            await host.RunAsync(engine.Remove([.. old]), null, CancellationToken.None);
        return outcome;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
