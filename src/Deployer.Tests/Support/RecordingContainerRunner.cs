using Deployer.Providers.Images;

namespace Deployer.Tests.Support;

/// <summary>
/// A fake <see cref="IContainerCommandRunner"/> that records every command and answers through <see cref="Respond"/>;
/// by default each command succeeds, and a push with <c>--digestfile</c> writes <see cref="Digest"/> there, as
/// buildah and podman do. It also snapshots the auth file each command was given, while it still exists.
/// </summary>
public sealed class RecordingContainerRunner : IContainerCommandRunner
{
    public const string Digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";

    public List<ContainerCommand> Commands { get; } = [];

    /// <summary>Auth file contents seen by commands, keyed by path.</summary>
    public Dictionary<string, string> AuthFiles { get; } = [];

    /// <summary>Answers a command with (exit code, stdout, stderr); null means the default answer.</summary>
    public Func<ContainerCommand, (int ExitCode, string Out, string Error)?> Respond { get; set; } = _ => null;

    public Task<ContainerCommandResult> RunAsync(ContainerCommand command, CancellationToken cancellationToken)
    {
        Commands.Add(command);
        foreach (var path in AuthFilesOf(command).Where(File.Exists)) AuthFiles[path] = File.ReadAllText(path);
        var (exitCode, output, error) = Respond(command) ?? (0, "", "");
        var digestFile = ValueAfter(command, "--digestfile");
        if (exitCode == 0 && digestFile is not null) File.WriteAllText(digestFile, Digest + "\n");
        return Task.FromResult(new ContainerCommandResult(command, exitCode, output, error, TimeSpan.Zero));
    }

    private static IEnumerable<string> AuthFilesOf(ContainerCommand command)
    {
        if (ValueAfter(command, "--authfile") is { } authFile) yield return authFile;
        if (command.Environment.TryGetValue("DOCKER_CONFIG", out var config)) yield return Path.Combine(config, "config.json");
    }

    private static string? ValueAfter(ContainerCommand command, string flag)
    {
        var index = command.Arguments.ToList().IndexOf(flag);
        return index >= 0 && index + 1 < command.Arguments.Count ? command.Arguments[index + 1] : null;
    }
}
