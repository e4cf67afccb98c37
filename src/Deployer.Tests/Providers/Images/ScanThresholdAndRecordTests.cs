using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Tests.Aws;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Images;

/// <summary>
/// An image's own scan threshold, the scan counts in the release record (.deployer/releases.json) and the promotion's
/// second look at the digest, end to end through ./build.sh against moto's ECR and the ECS simulator.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class ScanThresholdAndRecordTests(MotoServer moto)
{
    private async Task<(EcsWorld World, string Repository, string Digest)> ArrangeAsync(string imageScan, string environments)
    {
        var world = await EcsWorld.StartAsync();
        world.Surface.Environment["AWS_ENDPOINT_URL_ECR"] = moto.Endpoint.ToString();
        world.Surface.Environment["DEPLOYER_CONTAINER_ENGINE"] = "buildah";
        var repository = $"shop-api-{Guid.NewGuid():N}"[..20];
        using var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
        var digest = await EcrScanFindingsTests.ImageAsync(aws.Ecr, repository, EcsWorld.Sha);
        world.Describe($$"""
            app: shop
            images:
              api: { context: api, repository: {{repository}}{{imageScan}} }
            environments:
            {{environments}}
            """);
        return (world, repository, digest);
    }

    private const string Staging = """
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services: [{ name: api, image: api, desiredCount: 1 }]
            scan: { maxCritical: 0, maxHigh: 5, timeoutSeconds: 60 }
        """;

    private static Surface.SurfaceResult Release(EcsWorld world, params string[] extra) =>
        world.Surface.Run(["DeployStaging", "--skip", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha, .. extra]);

    /// <summary>The releases the local ledger holds, oldest first, as recorded.</summary>
    private static JsonArray Ledger(EcsWorld world) =>
        JsonNode.Parse(File.ReadAllText(Directory.GetFiles(world.Surface.Root, "releases.json", SearchOption.AllDirectories).Single()))!["releases"]!.AsArray();

    [Fact]
    public async Task An_images_own_threshold_replaces_the_environments_and_the_counts_are_in_the_release_record()
    {
        var (world, repository, digest) = await ArrangeAsync(", scan: { maxCritical: 1, maxHigh: 0 }", Staging);
        await using var _ = world;
        await world.SeedServiceAsync("api", "example/api:old", 1);
        await EcrScanFindingsTests.InjectAsync(moto, EcrScanFindingsTests.BasicScan(repository, digest,
            ("CVE-2026-0001", "CRITICAL", "openssl"), ("CVE-2026-0003", "LOW", "bash")));

        var plan = Release(world, "--dry-run");
        var run = Release(world);

        Assert.True(plan.ExitCode == 0, plan.All);
        Assert.Contains("more than 1 CRITICAL or 0 HIGH fails the release; MEDIUM not limited (images.api.scan)", plan.All);
        Assert.True(run.ExitCode == 0, run.All); // one CRITICAL is within the image's own maximum, not the environment's 0
        Assert.Equal(1, world.Count("UpdateService"));
        var scans = Ledger(world).Last()!["release"]!["scans"]!;
        Assert.Equal(digest, scans["api"]!["digest"]!.GetValue<string>());
        Assert.Equal((1, 0, 1, true), (scans["api"]!["critical"]!.GetValue<int>(), scans["api"]!["high"]!.GetValue<int>(),
            scans["api"]!["low"]!.GetValue<int>(), scans["api"]!["passed"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task A_stricter_image_threshold_stops_the_release_naming_where_it_comes_from_and_the_failed_release_keeps_the_counts()
    {
        var (world, repository, digest) = await ArrangeAsync(", scan: { maxCritical: 0, maxHigh: 0 }", Staging);
        await using var _ = world;
        await world.SeedServiceAsync("api", "example/api:old", 1);
        await EcrScanFindingsTests.InjectAsync(moto, EcrScanFindingsTests.BasicScan(repository, digest, ("CVE-2026-0002", "HIGH", "zlib")));

        var run = Release(world);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(0, world.Count("UpdateService"));
        Assert.Contains("image 'api' has findings over the scan threshold of staging (images.api.scan): 1 HIGH (max 0)", run.All);
        var recorded = Ledger(world).Last()!;
        Assert.Equal("failure", recorded["status"]!.GetValue<string>());
        Assert.Equal(1, recorded["release"]!["scans"]!["api"]!["high"]!.GetValue<int>());
        Assert.False(recorded["release"]!["scans"]!["api"]!["passed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_image_scan_setting_is_validated_at_its_own_path()
    {
        var (world, _, _) = await ArrangeAsync(", scan: { maxHigh: -1, allow: [{ id: CVE-1, reason: old, expires: 2020-01-01 }] }", Staging);
        await using var _ = world;

        var run = Release(world);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("images.api.scan.maxHigh", run.All);
        Assert.Contains("images.api.scan.allow[0].expires", run.All);
        Assert.DoesNotContain("   at ", run.All);
        Assert.Equal(0, world.Count("UpdateService"));
    }

    [Fact]
    public async Task A_critical_finding_reported_after_staging_shipped_stops_the_promotion_before_any_production_service()
    {
        // Staging ships without a gate; ECR reports the CRITICAL afterwards, and production's gate reads it on promotion.
        var (world, repository, digest) = await ArrangeAsync("", """
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: api, image: api, desiredCount: 1 }]
              production:
                promotesFrom: staging
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop-production
                services: [{ name: api, image: api, desiredCount: 1 }]
                scan: { maxCritical: 0, timeoutSeconds: 60 }
            """);
        await using var _ = world;
        await world.Wire.CallAsync("CreateCluster", new { clusterName = "shop-production" });
        await world.SeedServiceAsync("api", "example/api:old", 1);
        await world.SeedServiceAsync("api", "example/api:old", 1, cluster: "shop-production");
        var staged = Release(world);
        Assert.True(staged.ExitCode == 0, staged.All);
        var updates = world.Count("UpdateService");
        await EcrScanFindingsTests.InjectAsync(moto, EcrScanFindingsTests.BasicScan(repository, digest, ("CVE-2026-0009", "CRITICAL", "glibc")));

        var promotion = world.Surface.Run("Promote", "--environment", "production", "--skip", "--config", world.DescriptionFile);

        Assert.NotEqual(0, promotion.ExitCode);
        Assert.Contains("image 'api' has findings over the scan threshold of production: 1 CRITICAL (max 0)", promotion.All);
        Assert.Matches(@"CRITICAL\s+CVE-2026-0009\s+glibc", promotion.All);
        Assert.Equal(updates, world.Count("UpdateService"));
        Assert.Equal("example/api:old", (await world.LiveTaskDefinitionAsync("api", "shop-production"))["containerDefinitions"]![0]!["image"]!.GetValue<string>());
    }
}
