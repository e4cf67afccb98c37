namespace Deployer.Providers.Images;

/// <summary>How a <see cref="ContainerCommand"/> ended: exit code, captured output and how long it took.</summary>
public sealed record ContainerCommandResult(ContainerCommand Command, int ExitCode, string StandardOutput, string StandardError, TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>This result when the command succeeded; otherwise a <see cref="ContainerEngineException"/> quoting its error lines.</summary>
    public ContainerCommandResult EnsureSuccess()
    {
        if (Succeeded) return this;
        var lines = (StandardError + "\n" + StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var errors = lines.Where(l => l.StartsWith("Error", StringComparison.OrdinalIgnoreCase) || l.Contains("level=error", StringComparison.Ordinal)).ToArray();
        var shown = (errors.Length > 0 ? errors : lines).TakeLast(10);
        throw new ContainerEngineException(
            $"`{Command.Display}` failed with exit code {ExitCode}:{System.Environment.NewLine}  " + string.Join(System.Environment.NewLine + "  ", shown));
    }
}
