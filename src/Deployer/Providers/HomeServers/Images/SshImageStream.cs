using Deployer.Execution;
using Deployer.Providers.Images;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// <c>registry: ssh</c>: asks the host for the image id first and streams the image only when it differs; after the load
/// the host must report the id that was sent, and the image is tagged as the reference its containers run. A promotion
/// ships the id staging recorded from the first place that has it: the host itself (tag only), this runner's engine, or
/// a source host (its <c>save | gzip</c> piped through the runner into this host's <c>gunzip | load</c>).
/// </summary>
/// <param name="inspectLocal">The local image id of a reference.</param>
/// <param name="save">The local engine's save of a reference (see <see cref="LocalImageArchive.Save"/>).</param>
public sealed class SshImageStream(Func<string, CancellationToken, Task<string?>> inspectLocal, Func<string, ContainerCommand> save)
{
    /// <summary>
    /// How a source host's output is metered on its way through this runner: the source produces only as fast as the
    /// target loads, so the runner holds at most <see cref="OutputFlow.Bound"/> bytes. Null reads unmetered (SSH.NET then
    /// buffers whatever the source saves ahead of the target's load; kept to measure against).
    /// </summary>
    public OutputFlow? SourceFlow { get; init; } = OutputFlow.Default;

    /// <param name="origin">Connects to a promotion's source host (see <see cref="ShipImageStep.Origins"/>).</param>
    public async Task<StepResult> RunAsync(ShipImageStep step, SshConnection host, Action<string> log, CancellationToken cancellationToken,
        Func<ImageOrigin, CancellationToken, Task<SshConnection>>? origin = null)
    {
        var commands = new HostImageCommands(step.Server.Engine);
        var promotion = step.Source.Length == 0;
        var expected = promotion
            ? HostImageIds.Normalise(step.Local)!
            : HostImageIds.Normalise(await inspectLocal(step.Local, cancellationToken))
              ?? throw new ContainerEngineException($"the local engine has no image {step.Local} to ship");
        var before = await HostIdAsync(host, commands, step.Image.ToString(), cancellationToken);
        if (!HostImageIds.MustShip(expected, before))
            return Shipped(Outcome.Unchanged, $"{host.Target} already has {step.Image} ({Short(expected)}); nothing sent", step, host, expected, 0);
        if (promotion && await HostIdAsync(host, commands, expected, cancellationToken) == expected)
        {
            await host.RequireAsync(commands.Tag(expected, step.Image.ToString()), cancellationToken);
            return await CheckedAsync(Outcome.Unchanged, $"{host.Target} already had {Short(expected)}; tagged it {step.Image}, nothing sent", step, host, commands, expected, 0, cancellationToken);
        }

        var localId = promotion ? await LocalIdAsync(step.Local, cancellationToken) : expected;
        if (localId == expected)
        {
            log($"streaming {step.Local} ({Short(expected)}) from this runner's engine to {host.Target}");
            var bytes = await LoadAsync(host, () => LocalImageArchive.StreamAsync(save(step.Local),
                archive => host.RunAsync(commands.Load(), archive, cancellationToken), cancellationToken));
            return await TaggedAsync($"streamed {step.Image} from this runner's engine to {host.Target}", step, host, commands, expected, bytes, cancellationToken);
        }

        var asked = new List<string> { $"{host.Target} (no such image)", "this runner's engine (no such image)" };
        foreach (var source in origin is null ? [] : step.Origins)
        {
            SshConnection from;
            try
            {
                from = await origin!(source, cancellationToken);
            }
            catch (Exception e) when (e is SshRefusedException or SshLinkLostException)
            {
                asked.Add($"{source} (unreachable: {e.Message})");
                continue;
            }
            var sourceCommands = new HostImageCommands(source.Server.Engine);
            if (await HostIdAsync(from, sourceCommands, expected, cancellationToken) != expected)
            {
                asked.Add($"{source} (no such image)");
                continue;
            }
            log($"streaming {Short(expected)} from {source} through this runner to {host.Target}");
            long held = 0;
            var bytes = await LoadAsync(host, async () =>
            {
                var read = await from.ReadAsync(sourceCommands.Save(expected), archive => host.RunAsync(commands.Load(), archive, cancellationToken),
                    SourceFlow, cancellationToken);
                held = read.HeldPeak;
                // A source that failed on its own (an exit status above 0) cut the archive short and explains a failed load;
                // one stopped because the load failed has none, and the load's error is the cause.
                if (read.Result.Succeeded || read.Command.ExitCode > 0) read.Command.EnsureSuccess(source.ToString());
                return (read.BytesRead, read.Result);
            });
            return await TaggedAsync($"streamed {step.Image} from {source} ({source.Place}) through this runner to {host.Target}", step, host, commands, expected, bytes, cancellationToken,
                $", at most {held / 1024} KiB held on this runner");
        }
        return StepResult.Of(Outcome.Failed,
            $"{step.Place}: image '{step.Image.Name}' {expected} that {(promotion ? "the source release recorded" : "was built")} is on none of: {string.Join("; ", asked)}; nothing was changed on {host.Target}");
    }

    /// <summary>Runs a load; a failed one loaded nothing (the load reads the whole archive before it stores anything).</summary>
    private static async Task<long> LoadAsync(SshConnection host, Func<Task<(long Bytes, RemoteResult Loaded)>> load)
    {
        try
        {
            var (bytes, loaded) = await load();
            loaded.EnsureSuccess(host.Target.ToString());
            return bytes;
        }
        catch (Exception e) when (e is ContainerEngineException or RemoteCommandException)
        {
            throw new ContainerEngineException($"{e.Message}; nothing was loaded on {host.Target}", e);
        }
    }

    /// <summary>The load names the image as its source tagged it; containers on the host run the step's reference.</summary>
    private static async Task<StepResult> TaggedAsync(string message, ShipImageStep step, SshConnection host, HostImageCommands commands, string id, long bytes,
        CancellationToken cancellationToken, string cost = "")
    {
        if (step.Local != step.Image.ToString()) await host.RequireAsync(commands.Tag(id, step.Image.ToString()), cancellationToken);
        return await CheckedAsync(Outcome.Succeeded, $"{message} ({bytes / 1024} KiB compressed{cost}), id {Short(id)} checked", step, host, commands, id, bytes, cancellationToken);
    }

    private static async Task<StepResult> CheckedAsync(Outcome outcome, string message, ShipImageStep step, SshConnection host, HostImageCommands commands, string id, long bytes,
        CancellationToken cancellationToken)
    {
        var after = HostImageIds.Normalise((await host.RequireAsync(commands.ImageId(step.Image.ToString()), cancellationToken)).Output);
        return after != id
            ? StepResult.Of(Outcome.Failed, $"{host.Target} reports {step.Image} as {after}, not the {id} that was sent")
            : Shipped(outcome, message, step, host, id, bytes);
    }

    private static async Task<string?> HostIdAsync(SshConnection host, HostImageCommands commands, string reference, CancellationToken cancellationToken) =>
        HostImageIds.Normalise((await host.RunAsync(commands.ImageId(reference), cancellationToken)) is { Succeeded: true } found ? found.Output : null);

    /// <summary>The runner's id of a reference; null when its engine lacks it (a fresh runner never built staging's image).</summary>
    private async Task<string?> LocalIdAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return HostImageIds.Normalise(await inspectLocal(reference, cancellationToken));
        }
        catch (ContainerEngineException)
        {
            return null;
        }
    }

    private static StepResult Shipped(Outcome outcome, string message, ShipImageStep step, SshConnection host, string id, long bytes) =>
        new(outcome, message, new HostImageShipped(host.Target.ToString(), step.Image.ToString(), id, null, bytes));

    private static string Short(string id) => id.Length > 19 ? id[..19] : id;
}
