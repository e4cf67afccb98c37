using Deployer.Execution;
using Deployer.Secrets;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// <c>registry: oci</c>: the host logs in with the registry password on standard input (never on a command line, where
/// <c>ps</c> and shell history would show it), pulls the pushed digest, and tags it as the reference its containers run.
/// A host that already holds the digest reports Unchanged without logging in.
/// </summary>
public static class RegistryPull
{
    public static async Task<StepResult> RunAsync(ShipImageStep step, string pinned, Secret? password, SshConnection host, Action<string> log, CancellationToken cancellationToken)
    {
        var commands = new HostImageCommands(step.Server.Engine);
        var digest = Planning.Planner.Digest(pinned);
        var known = await host.RunAsync(commands.ImageId(pinned), cancellationToken);
        if (known.Succeeded && HostImageIds.Normalise(known.Output) is { } existing)
        {
            await host.RequireAsync(commands.Tag(pinned, step.Image.ToString()), cancellationToken);
            return Pulled(Outcome.Unchanged, $"{host.Target} already has {pinned}; not pulled", step, host, existing, digest);
        }
        if (step.Registry.Username is { } username && password is not null)
        {
            log($"logging in to {step.Registry.Server} on {host.Target} as {username} (password on standard input)");
            using var stdin = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(password.Reveal()));
            var login = await host.RunAsync(commands.Login(step.Registry.Server!, username), stdin, cancellationToken);
            if (!login.Succeeded)
                return StepResult.Of(Outcome.Failed, $"{step.Place}: {step.Registry.Server} refused the login of '{username}' on {host.Target}; nothing was pulled");
        }
        log($"pulling {pinned} on {host.Target}");
        await host.RequireAsync(commands.Pull(pinned), cancellationToken);
        await host.RequireAsync(commands.Tag(pinned, step.Image.ToString()), cancellationToken);
        var id = HostImageIds.Normalise((await host.RequireAsync(commands.ImageId(pinned), cancellationToken)).Output)!;
        return Pulled(Outcome.Succeeded, $"{host.Target} pulled {pinned} (id {id[..19]})", step, host, id, digest);
    }

    private static StepResult Pulled(Outcome outcome, string message, ShipImageStep step, SshConnection host, string id, string digest) =>
        new(outcome, message, new HostImageShipped(host.Target.ToString(), step.Image.ToString(), id, digest, 0));
}
