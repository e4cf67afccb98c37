using CliWrap;
using CliWrap.Buffered;
using Deployer.Tests.Support;

namespace Deployer.Tests.Surface;

/// <summary>
/// The README's first command, run the way a user runs it: ./build.sh, or ./build.ps1 through `dotnet pwsh`, in a fresh
/// shell without credentials, on this repository's real build.
/// </summary>
public class BootstrapTests
{
    public static TheoryData<string> Scripts() => BuildScript.Scripts();

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task The_readme_dry_run_works_without_credentials(string script)
    {
        var (exitCode, output) = await RunAsync(script, "DeployProduction", "--dry-run", "--config", "examples/saas/deploy.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Plan: saas → production", output);
        Assert.Contains("Stage 5: 3 steps in parallel", output);
        Assert.Contains("Build succeeded", output);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task An_unknown_environment_exits_2_naming_it(string script)
    {
        var (exitCode, output) = await RunAsync(script, "DeployEcs", "--dry-run", "--config", "examples/saas/deploy.yml", "--environment", "prod");

        Assert.Equal(2, exitCode);
        Assert.Contains("Environment 'prod' is not defined in the deploy description", output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, params string[] arguments)
    {
        await BuildScript.EnsureCompiledAsync(); // one `dotnet build` of build/; both scripts then find the stamp current
        var root = Path.Combine(Path.GetTempPath(), "deployer-bootstrap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        try
        {
            // `env -i`: only what a fresh shell has; no AWS, GitHub or Vercel variables, no CI markers.
            string[] environment = ["-i", $"PATH={Environment.GetEnvironmentVariable("PATH")}", $"HOME={Environment.GetEnvironmentVariable("HOME")}"];
            var result = await Cli.Wrap("env")
                .WithArguments([.. environment, .. BuildScript.CommandLine(script), .. arguments, "--root", root])
                .WithWorkingDirectory(Repository.Root)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync();
            return (result.ExitCode, result.StandardOutput + result.StandardError);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
