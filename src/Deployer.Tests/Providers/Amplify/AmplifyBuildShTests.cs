using CliWrap;
using CliWrap.Buffered;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>
/// `./build.sh DeployStaging` started as a user starts it, in a fresh shell environment holding only the AWS settings,
/// deploying an Amplify app to the simulator with its zip kept in moto S3, then once more unchanged.
/// </summary>
[Collection(MotoAmplifyCollection.Name)]
public sealed class AmplifyBuildShTests(MotoServer moto)
{
    [Fact]
    public async Task Build_sh_DeployStaging_serves_the_frontend_and_an_unchanged_rerun_starts_no_job()
    {
        await BuildScript.EnsureCompiledAsync();
        await using var bed = await AmplifyTestbed.StartAsync(moto);
        bed.Write("index.html", "<html>mdreader</html>");
        bed.Write("assets/index.4b1c9e2f.js", "render(markdown)");
        var config = Path.Combine(bed.Root, "deploy.yml");
        File.WriteAllText(config, $$"""
            app: mdreader
            environments:
              staging:
                aws: { account: "{{MotoServer.AccountId}}", region: us-east-1 }
                amplify: [{ appId: {{AmplifyTestbed.AppId}}, branch: staging, artifact: dist, artifactBucket: {{bed.Bucket}}, url: "{{bed.Simulator.SiteUrl(AmplifyTestbed.AppId, "staging")}}" }]
            """);
        var nukeRoot = Path.Combine(bed.Root, "nuke");
        Directory.CreateDirectory(Path.Combine(nukeRoot, ".nuke"));
        string[] environment = ["-i", $"PATH={Environment.GetEnvironmentVariable("PATH")}", $"HOME={Environment.GetEnvironmentVariable("HOME")}",
            .. AmplifyTestbed.Environment(moto, bed.Simulator).Select(v => $"{v.Key}={v.Value}")];
        async Task<BufferedCommandResult> Run() => await Cli.Wrap("env")
            .WithArguments([.. environment, .. BuildScript.CommandLine("build.sh"), "DeployStaging", "--skip", "--config", config,
                "--git-sha", "3333333333333333333333333333333333333333", "--root", nukeRoot, "--result-file", Path.Combine(nukeRoot, "result.json")])
            .WithWorkingDirectory(Repository.Root)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();

        var first = await Run();
        var second = await Run();

        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        Assert.Contains("branch staging serves job", first.StandardOutput + first.StandardError);
        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);
        Assert.Contains("no job started", second.StandardOutput + second.StandardError);
        Assert.Equal("200 <html>mdreader</html>", await bed.ServedAsync("staging"));
        Assert.Equal((1, 1), (bed.Simulator.Jobs(AmplifyTestbed.AppId, "staging").Count, bed.Simulator.Uploads));
    }
}
