using System.Text.Json;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>
/// A static site's releases end to end through ./build.sh's targets against moto, recorded in the local ledger:
/// DeployProduction twice then Rollback, and DeployStaging then Promote. The site folder is deleted before the rollback
/// and the promotion, so neither could upload anything from the runner.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class StaticSiteReleaseTests(MotoServer moto)
{
    private const string First = "1111111111111111111111111111111111111111", Second = "2222222222222222222222222222222222222222";

    private sealed record World(StaticSiteTestbed Bed, BuildSurface Surface, string Staging, string Production, string Config) : IDisposable
    {
        public SurfaceResult Run(params string[] args) => Surface.Run([.. args, "--skip", "--config", Config]);

        public string[] StepKinds => JsonDocument.Parse(File.ReadAllText(Surface.ResultFile)).RootElement.GetProperty("steps")
            .EnumerateArray().Select(s => s.GetProperty("kind").GetString()!).ToArray();

        public void Dispose()
        {
            Surface.Dispose();
            Bed.Dispose();
        }
    }

    private async Task<World> ArrangeAsync()
    {
        var bed = await StaticSiteTestbed.StartAsync(moto);
        var (staging, production) = (await bed.BucketAsync(), await bed.BucketAsync());
        var surface = new BuildSurface();
        foreach (var (name, value) in moto.Environment()) surface.Environment[name] = value;
        var config = Path.Combine(bed.Root, "deploy.yml");
        File.WriteAllText(config, $$"""
            app: docs
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                staticSites: [{ name: ui, directory: dist, bucket: {{staging}}, distributionId: {{bed.DistributionId}} }]
              production:
                promotesFrom: staging
                aws: { account: "123456789012", region: us-east-1 }
                staticSites: [{ name: ui, directory: dist, bucket: {{production}}, distributionId: {{bed.DistributionId}} }]
            """);
        return new World(bed, surface, staging, production, config);
    }

    [Fact]
    public async Task Rollback_serves_the_previous_release_s_pages_again_by_server_side_copies_with_no_upload()
    {
        using var world = await ArrangeAsync();
        world.Bed.Site("v1");
        var first = world.Run("DeployProduction", "--git-sha", First);
        var v1 = await world.Bed.ObjectsAsync(world.Production);
        world.Bed.Site("v2").Write("about/index.html", "<html>about v2</html>").Write("assets/app.9a8b7c6d.js", "console.log('v2')");
        var second = world.Run("DeployProduction", "--git-sha", Second);
        Assert.True(first.ExitCode == 0, first.All);
        Assert.True(second.ExitCode == 0, second.All);
        Assert.EndsWith("v2</html>", (await world.Bed.ObjectsAsync(world.Production))["index.html"].Body);
        Directory.Delete(world.Bed.Directory, recursive: true);

        var rollback = world.Run("Rollback", "--environment", "production");

        Assert.True(rollback.ExitCode == 0, rollback.All);
        Assert.Equal(["DeployStaticSite"], world.StepKinds);
        Assert.Contains("re-published 2 files", rollback.All);
        Assert.Contains("invalidated /, /about/, /about/index.html, /index.html", rollback.All);
        var served = await world.Bed.ObjectsAsync(world.Production);
        // v1's pages are back, byte for byte and with their headers; v2's new asset stays until it falls out of the kept releases.
        Assert.All(v1, o => Assert.Equal(o.Value, served[o.Key]));
        Assert.Equal(v1.Keys.Append("assets/app.9a8b7c6d.js").Order(StringComparer.Ordinal), served.Keys);
    }

    [Fact]
    public async Task Promote_publishes_what_staging_serves_into_production_by_server_side_copies()
    {
        using var world = await ArrangeAsync();
        world.Bed.Site("staged");
        var staging = world.Run("DeployStaging", "--git-sha", First);
        Assert.True(staging.ExitCode == 0, staging.All);
        Directory.Delete(world.Bed.Directory, recursive: true);

        var promotion = world.Run("Promote", "--environment", "production");

        Assert.True(promotion.ExitCode == 0, promotion.All);
        Assert.Equal(["DeployStaticSite"], world.StepKinds);
        Assert.Contains("copied 5 files", promotion.All);
        Assert.Equal(await world.Bed.ObjectsAsync(world.Staging), await world.Bed.ObjectsAsync(world.Production));
        var again = world.Run("Promote", "--environment", "production");
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains("nothing uploaded", again.All);
    }
}
