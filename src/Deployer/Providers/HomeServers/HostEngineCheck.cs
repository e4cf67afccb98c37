using Deployer.Execution;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Asks the host for its container engine before the lock is taken or anything changes, so a host without it fails
/// naming the <c>engine</c> setting instead of half-way through a deploy with a shell's "not found".
/// </summary>
public static class HostEngineCheck
{
    /// <summary>Null when the engine answers; otherwise the Failed result that names the host and the setting.</summary>
    public static async Task<StepResult?> RefusalAsync(IHomeHost host, ContainerCommands engine, string setting, CancellationToken cancellationToken)
    {
        var command = engine.Version();
        var result = await host.RunAsync(command, null, cancellationToken);
        if (result.Succeeded) return null;
        var name = command.Argv[0];
        var detail = result.Error.Trim() is { Length: > 0 } error ? $": {error}" : "";
        return StepResult.Of(Outcome.Failed, result.ExitCode == 127
            ? $"nothing changed: {setting}.engine: {name} is not installed on {host.Name} (not on the SSH user's PATH){detail}"
            : $"nothing changed: {setting}.engine: `{command.Line}` failed on {host.Name} (exit {result.ExitCode}){detail}");
    }
}
