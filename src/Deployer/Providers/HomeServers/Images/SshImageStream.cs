using Deployer.Execution;
using Deployer.Providers.Images;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// <c>registry: ssh</c>: asks the host for the image id first and streams the image only when it differs; after the load
/// the host must report the id that was sent, and the image is tagged as the reference its containers run.
/// </summary>
/// <param name="inspectLocal">The local image id of a reference.</param>
/// <param name="save">The local engine's save of a reference (see <see cref="LocalImageArchive.Save"/>).</param>
public sealed class SshImageStream(Func<string, CancellationToken, Task<string?>> inspectLocal, Func<string, ContainerCommand> save)
{
    public async Task<StepResult> RunAsync(ShipImageStep step, SshConnection host, Action<string> log, CancellationToken cancellationToken)
    {
        var commands = new HostImageCommands(step.Server.Engine);
        var localId = HostImageIds.Normalise(await inspectLocal(step.Local, cancellationToken))
                      ?? throw new ContainerEngineException($"the local engine has no image {step.Local} to ship");
        var before = HostImageIds.Normalise((await host.RunAsync(commands.ImageId(step.Image.ToString()), cancellationToken)) is { Succeeded: true } found ? found.Output : null);
        if (!HostImageIds.MustShip(localId, before))
            return Shipped(Outcome.Unchanged, $"{host.Target} already has {step.Image} ({Short(localId)}); nothing sent", step, host, localId, 0);

        log($"streaming {step.Local} ({Short(localId)}) to {host.Target}");
        long bytes;
        try
        {
            (bytes, var loaded) = await LocalImageArchive.StreamAsync(save(step.Local),
                archive => host.RunAsync(commands.Load(), archive, cancellationToken), cancellationToken);
            loaded.EnsureSuccess(host.Target.ToString());
        }
        catch (Exception e) when (e is ContainerEngineException or RemoteCommandException)
        {
            // The load reads the whole archive before it stores anything, and a cut-off archive never ends normally.
            throw new ContainerEngineException($"{e.Message}; nothing was loaded on {host.Target}", e);
        }
        // The load names the image as it was tagged here; containers on the host run the step's reference.
        if (step.Local != step.Image.ToString()) await host.RequireAsync(commands.Tag(localId, step.Image.ToString()), cancellationToken);
        var after = HostImageIds.Normalise((await host.RequireAsync(commands.ImageId(step.Image.ToString()), cancellationToken)).Output);
        if (after != localId)
            return StepResult.Of(Outcome.Failed, $"{host.Target} reports {step.Image} as {after}, not the {localId} that was sent");
        return Shipped(Outcome.Succeeded, $"streamed {step.Image} to {host.Target} ({bytes / 1024} KiB compressed), id {Short(localId)} checked", step, host, localId, bytes);
    }

    private static StepResult Shipped(Outcome outcome, string message, ShipImageStep step, SshConnection host, string id, long bytes) =>
        new(outcome, message, new HostImageShipped(host.Target.ToString(), step.Image.ToString(), id, null, bytes));

    private static string Short(string id) => id.Length > 19 ? id[..19] : id;
}
