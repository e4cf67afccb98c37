using System.Text.Json;
using Deployer.Aws;
using Deployer.Tests.Aws;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Providers.Images;

/// <summary>
/// The scan gate end to end through ./build.sh DeployStaging: ECR in moto holds the commit's image (so nothing is built)
/// with the findings a test sets, and the ECS simulator records whether any service was touched.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class ScanGateReleaseTests(MotoServer moto)
{
    private async Task<(EcsWorld World, string Repository, string Digest)> ArrangeAsync(string allow = "")
    {
        var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:old", 1);
        world.Surface.Environment["AWS_ENDPOINT_URL_ECR"] = moto.Endpoint.ToString();
        world.Surface.Environment["DEPLOYER_CONTAINER_ENGINE"] = "buildah";
        var repository = $"shop-api-{Guid.NewGuid():N}"[..20];
        using var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
        var digest = await EcrScanFindingsTests.ImageAsync(aws.Ecr, repository, EcsWorld.Sha);
        world.Describe($$"""
            app: shop
            images:
              api: { context: api, repository: {{repository}} }
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: api, image: api, desiredCount: 1 }]
                scan:
                  maxCritical: 0
                  maxHigh: 5
                  timeoutSeconds: 60{{allow}}
            """);
        return (world, repository, digest);
    }

    private static Surface.SurfaceResult Release(EcsWorld world) =>
        world.Surface.Run("DeployStaging", "--skip", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha);

    private static JsonElement ScanStep(EcsWorld world) => JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile)).RootElement
        .GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "scan-image:api");

    [Fact]
    public async Task A_release_whose_image_has_a_critical_finding_stops_before_any_service_is_touched()
    {
        var (world, repository, digest) = await ArrangeAsync();
        await using var _ = world;
        await EcrScanFindingsTests.InjectAsync(moto, EcrScanFindingsTests.BasicScan(repository, digest,
            ("CVE-2026-0001", "CRITICAL", "openssl"), ("CVE-2026-0002", "HIGH", "zlib")));

        var run = Release(world);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(0, world.Count("UpdateService"));
        Assert.Equal(1, world.Count("RegisterTaskDefinition"));
        Assert.Contains("image 'api' has findings over the scan threshold of staging: 1 CRITICAL (max 0)", run.All);
        Assert.Matches(@"CRITICAL\s+CVE-2026-0001\s+openssl 1\.0\.0", run.All);
        var scan = ScanStep(world);
        Assert.Equal("Failed", scan.GetProperty("outcome").GetString());
        Assert.Equal("1", scan.GetProperty("outputs").GetProperty("critical").GetString());
        Assert.Equal("1", scan.GetProperty("outputs").GetProperty("high").GetString());
    }

    [Fact]
    public async Task An_allow_listed_critical_finding_lets_the_release_through_and_the_counts_are_recorded()
    {
        var (world, repository, digest) = await ArrangeAsync("""

                  allow:
                    - { id: CVE-2026-0001, reason: "openssl is unused: the API serves plain HTTP behind the load balancer", expires: "2099-12-31" }
            """);
        await using var _ = world;
        await EcrScanFindingsTests.InjectAsync(moto, EcrScanFindingsTests.BasicScan(repository, digest,
            ("CVE-2026-0001", "CRITICAL", "openssl"), ("CVE-2026-0002", "HIGH", "zlib")));

        var run = Release(world);

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Equal(1, world.Count("UpdateService"));
        var outputs = ScanStep(world).GetProperty("outputs");
        Assert.Equal(("0", "1", "1"), (outputs.GetProperty("critical").GetString(), outputs.GetProperty("high").GetString(), outputs.GetProperty("allowed").GetString()));
        Assert.Equal(digest, outputs.GetProperty("digest").GetString());
    }

    [Fact]
    public async Task An_expired_allow_list_entry_fails_validation_with_exit_2_and_changes_nothing()
    {
        var (world, _, _) = await ArrangeAsync("""

                  allow:
                    - id: CVE-2026-0001
                      reason: waiting for the base image
                      expires: 2026-03-31
            """);
        await using var _ = world;
        world.Surface.Time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));

        var run = Release(world);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("environments.staging.scan.allow[0].expires", run.All);
        Assert.Contains("deploy.yml:16", run.All);
        Assert.Contains("the allow-list entry for CVE-2026-0001 expired on 2026-03-31", run.All);
        Assert.DoesNotContain("   at ", run.All);
        Assert.Equal(0, world.Count("UpdateService"));
    }
}
