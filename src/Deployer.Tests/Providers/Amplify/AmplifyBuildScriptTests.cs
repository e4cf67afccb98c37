using System.Text.Json;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>
/// An MDReader-like frontend on Amplify end to end through ./build.sh's targets (the real build class, in process) against
/// the Amplify simulator and moto S3, recorded in the local ledger: deploy, unchanged re-deploy, a failed job, a build
/// folder without index.html, rollback and promotion. The build folder is deleted before the rollback and the promotion,
/// so neither could zip anything on the runner.
/// </summary>
[Collection(MotoAmplifyCollection.Name)]
public sealed class AmplifyBuildScriptTests(MotoServer moto)
{
    private const string First = "1111111111111111111111111111111111111111", Second = "2222222222222222222222222222222222222222";
    private const string StagingStep = $"deploy-amplify:{AmplifyTestbed.AppId}/staging";

    private sealed record World(AmplifyTestbed Bed, BuildSurface Surface, string Config) : IAsyncDisposable
    {
        public SurfaceResult Run(params string[] args) => Surface.Run([.. args, "--skip", "--config", Config]);

        /// <summary>Each step of the last run's result file: kind and outcome.</summary>
        public (string Kind, string Outcome)[] Steps => JsonDocument.Parse(File.ReadAllText(Surface.ResultFile)).RootElement.GetProperty("steps")
            .EnumerateArray().Select(s => (s.GetProperty("kind").GetString()!, s.GetProperty("outcome").GetString()!)).ToArray();

        public int Jobs(string branch) => Bed.Simulator.Jobs(AmplifyTestbed.AppId, branch).Count;

        public async ValueTask DisposeAsync()
        {
            Surface.Dispose();
            await Bed.DisposeAsync();
        }
    }

    private async Task<World> ArrangeAsync(string stagingBuild = "")
    {
        var bed = await AmplifyTestbed.StartAsync(moto);
        var surface = new BuildSurface();
        foreach (var (name, value) in AmplifyTestbed.Environment(moto, bed.Simulator)) surface.Environment[name] = value;
        var config = Path.Combine(bed.Root, "deploy.yml");
        File.WriteAllText(config, $$"""
            app: mdreader
            environments:
              staging:
                aws: { account: "{{MotoServer.AccountId}}", region: us-east-1 }
                amplify: [{ appId: {{AmplifyTestbed.AppId}}, branch: staging, artifact: dist, artifactBucket: {{bed.Bucket}}, url: "{{bed.Simulator.SiteUrl(AmplifyTestbed.AppId, "staging")}}"{{stagingBuild}} }]
              production:
                promotesFrom: staging
                aws: { account: "{{MotoServer.AccountId}}", region: us-east-1 }
                amplify: [{ appId: {{AmplifyTestbed.AppId}}, branch: main, artifact: dist, artifactBucket: {{bed.Bucket}}, url: "{{bed.Simulator.SiteUrl(AmplifyTestbed.AppId, "main")}}" }]
            """);
        return new World(bed, surface, config);
    }

    /// <summary>MDReader's frontend as Vite leaves it: index.html at the root of the build output, hashed assets beside it.</summary>
    private static void Frontend(AmplifyTestbed bed, string version)
    {
        bed.Write("index.html", $"<html><script src=\"/assets/index.4b1c9e2f.js\"></script>mdreader {version}</html>");
        bed.Write("assets/index.4b1c9e2f.js", "render(markdown)");
        bed.Write("favicon.svg", "<svg/>");
    }

    [Fact]
    public async Task DeployStaging_serves_the_frontend_at_the_branch_url_and_an_unchanged_redeploy_starts_no_job_and_uploads_nothing()
    {
        await using var world = await ArrangeAsync();
        Frontend(world.Bed, "v1");

        var first = world.Run("DeployStaging", "--git-sha", First);

        Assert.True(first.ExitCode == 0, first.All);
        Assert.Equal([("DeployAmplifyApp", "Succeeded")], world.Steps);
        Assert.Contains("branch staging serves job", first.All);
        Assert.Equal("200 <html><script src=\"/assets/index.4b1c9e2f.js\"></script>mdreader v1</html>", await world.Bed.ServedAsync("staging"));
        Assert.Equal("200 render(markdown)", await world.Bed.ServedAsync("staging", "assets/index.4b1c9e2f.js"));
        var (uploads, keys) = (world.Bed.Simulator.Uploads, await world.Bed.KeysAsync());
        // The same files written again later (new timestamps) zip to the same bytes.
        Frontend(world.Bed, "v1");

        var again = world.Run("DeployStaging", "--git-sha", First);

        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal([("DeployAmplifyApp", "Unchanged")], world.Steps);
        Assert.Contains("no job started", again.All);
        Assert.Equal((1, uploads), (world.Jobs("staging"), world.Bed.Simulator.Uploads));
        Assert.Equal(keys, await world.Bed.KeysAsync());
    }

    [Fact]
    public async Task A_failed_job_exits_1_with_Amplify_s_reason_and_the_branch_keeps_serving_the_release_before()
    {
        await using var world = await ArrangeAsync();
        Frontend(world.Bed, "v1");
        Assert.Equal(0, world.Run("DeployStaging", "--git-sha", First).ExitCode);
        Frontend(world.Bed, "v2");
        world.Bed.Simulator.Faults.FailingBranches[$"{AmplifyTestbed.AppId}/staging"] = "Zip file is corrupt or exceeds 5 GB";

        var failed = world.Run("DeployStaging", "--git-sha", Second);

        Assert.True(failed.ExitCode == 1, failed.All);
        Assert.Equal([("DeployAmplifyApp", "Failed")], world.Steps);
        Assert.Contains("ended FAILED: Zip file is corrupt or exceeds 5 GB", failed.All);
        Assert.EndsWith("mdreader v1</html>", await world.Bed.ServedAsync("staging"));
        // The failed release is not one a rollback or promotion could pick: promoting now ships v1.
        world.Bed.Simulator.Faults.FailingBranches.Clear();
        Directory.Delete(world.Bed.Dist, recursive: true);
        var promotion = world.Run("Promote", "--environment", "production");
        Assert.True(promotion.ExitCode == 0, promotion.All);
        Assert.EndsWith("mdreader v1</html>", await world.Bed.ServedAsync("main"));
    }

    [Theory]
    [InlineData("favicon.svg", "has no index.html at its root")]
    [InlineData("dist/index.html", "holds only the folder 'dist': point it at that folder, whose contents must be at the zip root")]
    public async Task A_build_folder_without_index_html_at_its_root_exits_2_naming_the_setting_before_any_upload(string file, string problem)
    {
        await using var world = await ArrangeAsync();
        world.Bed.Write(file, "<svg/>");

        var run = world.Run("DeployStaging", "--git-sha", First);

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains($"environments.staging.amplify[0].artifact: {world.Bed.Dist} {problem}", run.All);
        Assert.DoesNotContain("   at ", run.All);
        Assert.Equal((0, 0), (world.Jobs("staging"), world.Bed.Simulator.Uploads));
        Assert.Empty(await world.Bed.KeysAsync());
    }

    [Fact]
    public async Task Rollback_redeploys_the_kept_zip_of_the_last_verified_release_and_Promote_ships_staging_s_zip_to_main()
    {
        await using var world = await ArrangeAsync();
        Frontend(world.Bed, "v1");
        Assert.Equal(0, world.Run("DeployStaging", "--git-sha", First).ExitCode);
        Frontend(world.Bed, "v2");
        Assert.Equal(0, world.Run("DeployStaging", "--git-sha", Second).ExitCode);
        Assert.EndsWith("mdreader v2</html>", await world.Bed.ServedAsync("staging"));
        var keys = await world.Bed.KeysAsync();
        Directory.Delete(world.Bed.Dist, recursive: true);

        var promotion = world.Run("Promote", "--environment", "production");

        Assert.True(promotion.ExitCode == 0, promotion.All);
        Assert.Equal([("DeployAmplifyApp", "Succeeded")], world.Steps);
        Assert.Contains("promoted the recorded zip", promotion.All);
        Assert.EndsWith("mdreader v2</html>", await world.Bed.ServedAsync("main"));

        var rollback = world.Run("Rollback", "--environment", "staging");

        Assert.True(rollback.ExitCode == 0, rollback.All);
        Assert.Equal([("DeployAmplifyApp", "Succeeded")], world.Steps);
        Assert.Contains("rolled back to the recorded zip", rollback.All);
        Assert.EndsWith("mdreader v1</html>", await world.Bed.ServedAsync("staging"));
        Assert.EndsWith("mdreader v2</html>", await world.Bed.ServedAsync("main"));
        // Both came from the zips kept by content: none was made or stored again.
        Assert.Equal(keys.Where(k => k.EndsWith(".zip", StringComparison.Ordinal)), (await world.Bed.KeysAsync()).Where(k => k.EndsWith(".zip", StringComparison.Ordinal)));
        Assert.Equal(2, keys.Count(k => k.EndsWith(".zip", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("mkdir -p dist/dist && echo page > dist/dist/index.html", "holds only the folder 'dist'")]
    [InlineData("mkdir -p dist && echo x > dist/app.js", "has no index.html at its root")]
    [InlineData("true", "does not exist")]
    public async Task A_build_that_leaves_no_deployable_folder_exits_2_naming_the_setting_and_starts_no_job(string build, string problem)
    {
        await using var world = await ArrangeAsync($", build: \"{build}\"");

        var run = world.Run("DeployStaging", "--git-sha", First);

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("environments.staging.amplify[0].artifact: after the build", run.All);
        Assert.Contains(problem, run.All);
        Assert.Equal((0, 0), (world.Jobs("staging"), world.Bed.Simulator.Uploads));
        Assert.Empty(await world.Bed.KeysAsync());
    }
}
