using CliWrap;
using CliWrap.Buffered;
using Deployer.Tests.Support;

namespace Deployer.Tests.Surface;

/// <summary>The README's first command, run the way a user runs it: ./build.sh in a fresh shell without credentials.</summary>
public class BootstrapTests
{
    [Fact]
    public async Task The_readme_dry_run_works_through_build_sh_without_credentials()
    {
        await BuildScript.EnsureCompiledAsync(); // no second `dotnet build` of build/ next to the action tests
        var root = Path.Combine(Path.GetTempPath(), "deployer-bootstrap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        try
        {
            // `env -i`: only what a fresh shell has; no AWS, GitHub or Vercel variables, no CI markers.
            string[] environment = ["-i", $"PATH={Environment.GetEnvironmentVariable("PATH")}", $"HOME={Environment.GetEnvironmentVariable("HOME")}"];
            var result = await Cli.Wrap("env")
                .WithArguments([.. environment, "bash", "build.sh", "DeployProduction", "--dry-run", "--config", "examples/saas/deploy.yml", "--root", root])
                .WithWorkingDirectory(Repository.Root)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync();

            Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
            Assert.Contains("Plan: saas → production", result.StandardOutput);
            Assert.Contains("Stage 4: 3 steps in parallel", result.StandardOutput);
            Assert.Contains("Build succeeded", result.StandardOutput);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
