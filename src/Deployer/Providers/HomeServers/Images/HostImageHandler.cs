using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Images;
using Deployer.Secrets;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// Runs <see cref="ShipImageStep"/>s over the run's SSH connections: one selector picks the stream (ssh) or the pull by
/// digest (oci). A host that cannot be reached or refuses the key fails the step naming the setting; nothing changed.
/// </summary>
/// <param name="resolve">Reads a secret reference (the SSH key, the registry password).</param>
public sealed class HostImageHandler(SshHosts hosts, Func<SecretRef, CancellationToken, Task<Secret>> resolve, SshImageStream stream, Action<Step, string> log)
    : IStepHandler
{
    public bool Handles(Step step) => step is ShipImageStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var ship = (ShipImageStep)step;
        var server = ship.Server;
        var target = new SshTarget(server.Host, server.Port, server.User, server.HostKey, ship.Place);
        try
        {
            var host = await hosts.ForAsync(target, token => resolve(server.PrivateKey, token), cancellationToken);
            if (ship.Registry.Kind != RegistryKind.Oci)
                return await stream.RunAsync(ship, host, line => log(step, line), cancellationToken, (origin, token) =>
                    hosts.ForAsync(new SshTarget(origin.Server.Host, origin.Server.Port, origin.Server.User, origin.Server.HostKey, origin.Place),
                        t => resolve(origin.Server.PrivateKey, t), token));
            if (state.OutputOf<ImagePushed>(ship.Source) is not { } pushed)
                return StepResult.Of(Outcome.Failed, $"{ship.Source} recorded no pushed digest; nothing was pulled on {target}");
            var password = ship.Registry.Password is { } reference ? await resolve(reference, cancellationToken) : null;
            return await RegistryPull.RunAsync(ship, pushed.Image, password, host, line => log(step, line), cancellationToken);
        }
        catch (SshRefusedException e)
        {
            return StepResult.Of(Outcome.Failed, e.Message + "; nothing was changed on the host");
        }
        catch (Exception e) when (e is SshLinkLostException or RemoteCommandException or ContainerEngineException or SecretResolutionException)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
    }

    /// <summary>An image on a host harms nothing; the containers are what a failed release rolls back.</summary>
    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null);
}
