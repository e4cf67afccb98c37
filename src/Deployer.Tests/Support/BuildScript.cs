using CliWrap;
using CliWrap.Buffered;

namespace Deployer.Tests.Support;

/// <summary>
/// ./build.sh and ./build.ps1 of this repository, started as a user starts them: <c>bash build.sh …</c> and
/// <c>dotnet pwsh build.ps1 …</c> (the PowerShell .NET tool pinned in .config/dotnet-tools.json). The first run compiles
/// build/ (and writes .nuke/temp/build.stamp); two tests doing that at once would run two `dotnet build`s on the same
/// project. Tests that start either script await <see cref="EnsureCompiledAsync"/> first: it compiles once per test
/// run, and later starts of either script find the stamp current (both write the same hash).
/// </summary>
public static class BuildScript
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _compiled;

    public static string Path => Repository.PathOf("build.sh");

    /// <summary>Both bootstrap scripts, for tests that check they behave alike.</summary>
    public static TheoryData<string> Scripts() => new("build.sh", "build.ps1");

    /// <summary>
    /// The command line that starts <paramref name="script"/> (build.sh or build.ps1) in <paramref name="directory"/>
    /// (the repository by default); arguments follow it. `dotnet pwsh` finds its tool manifest from the working
    /// directory, so start it in the repository.
    /// </summary>
    public static string[] CommandLine(string script, string? directory = null)
    {
        var file = System.IO.Path.Combine(directory ?? Repository.Root, script);
        return script switch
        {
            "build.sh" => ["bash", file],
            "build.ps1" => [Dotnet, "pwsh", "-NoProfile", "-NonInteractive", "-File", file],
            _ => throw new ArgumentException($"not a bootstrap script: {script}", nameof(script)),
        };
    }

    /// <summary>The dotnet on this process's PATH, by full path, so a test may put a fake `dotnet` first on the script's PATH.</summary>
    public static string Dotnet { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(dir => System.IO.Path.Combine(dir, "dotnet")).FirstOrDefault(File.Exists) ?? "dotnet";

    public static async Task EnsureCompiledAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_compiled) return;
            var result = await Cli.Wrap("bash")
                .WithArguments([Path, "--help"])
                .WithWorkingDirectory(Repository.Root)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync();
            Assert.True(result.ExitCode == 0, $"./build.sh --help failed ({result.ExitCode}):\n{result.StandardOutput}{result.StandardError}");
            _compiled = true;
        }
        finally
        {
            Gate.Release();
        }
    }
}
