using CliWrap;
using CliWrap.Buffered;

namespace Deployer.Tests.Support;

/// <summary>
/// ./build.sh of this repository. The first run compiles build/ (and writes .nuke/temp/build.stamp); two tests doing
/// that at once would run two `dotnet build`s on the same project. Tests that start build.sh await
/// <see cref="EnsureCompiledAsync"/> first: it compiles once per test run, and later starts find the stamp current.
/// </summary>
public static class BuildScript
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _compiled;

    public static string Path => Repository.PathOf("build.sh");

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
