using System.Collections;

namespace Deployer.BuildEngine;

/// <summary>
/// Everything the engine reads from its surroundings. Only <see cref="FromProcess"/> touches the
/// process; tests build one by hand, so a run is reproducible with no ambient state. <see cref="Terminal"/> is the
/// input a person types on, or null when nobody can answer (redirected input or output, CI).
/// </summary>
public sealed record BuildContext(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    TextWriter Out,
    TextWriter Error,
    TimeProvider Time,
    CancellationToken Cancellation,
    TextReader? Terminal = null)
{
    /// <summary>Snapshots the current process: environment, working directory, console and system clock.</summary>
    public static BuildContext FromProcess(string[] args, CancellationToken ct)
    {
        // Windows environment names are case-insensitive; keep that so lookups behave as the OS does.
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var environment = new Dictionary<string, string>(comparer);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = entry.Value as string ?? "";

        return new BuildContext(args, environment, Directory.GetCurrentDirectory(),
            Console.Out, Console.Error, TimeProvider.System, ct,
            Console.IsInputRedirected || Console.IsOutputRedirected ? null : Console.In);
    }

    internal bool IsGitHubActions => IsTrue("GITHUB_ACTIONS");

    internal bool IsTrue(string variable) =>
        Environment.TryGetValue(variable, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
