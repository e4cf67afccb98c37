using System.Text.Json;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Octokit;

namespace Deployer.Tests.Releases;

/// <summary>
/// Promotion and rollback through the release ledger, end to end through ./build.sh's targets: GitHub Deployments (the
/// GitHub simulator, read back with Octokit), ECR (moto) and ECS (the simulator). Staging releases find their image
/// already pushed for the commit, so nothing in this test builds anything.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class PromotionAndRollbackTests(MotoServer moto)
{
    private const string First = "1111111111111111111111111111111111111111", Second = "2222222222222222222222222222222222222222";

    private sealed record Arrangement(EcsWorld World, GitHubTestbed GitHub, string Repository, string FirstDigest, string SecondDigest) : IAsyncDisposable
    {
        public string Pinned(string digest) => $"123456789012.dkr.ecr.us-east-1.amazonaws.com/{Repository}@{digest}";

        public SurfaceRun Run(params string[] args) => new(World.Surface.Run([.. args, "--skip", "--config", World.DescriptionFile, "--github-token", GitHubTestbed.Token]),
            File.ReadAllText(World.Surface.ResultFile));

        public async Task<string> LiveImageAsync(string service, string cluster) =>
            (await World.LiveTaskDefinitionAsync(service, cluster))["containerDefinitions"]![0]!["image"]!.GetValue<string>();

        public async ValueTask DisposeAsync()
        {
            await World.DisposeAsync();
            await GitHub.DisposeAsync();
        }
    }

    private sealed record SurfaceRun(Surface.SurfaceResult Result, string Json)
    {
        public string[] StepKinds => JsonDocument.Parse(Json).RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("kind").GetString()!).ToArray();
    }

    private async Task<Arrangement> ArrangeAsync()
    {
        var world = await EcsWorld.StartAsync(cluster: "shop-staging");
        await world.Wire.CallAsync("CreateCluster", new { clusterName = "shop-production" });
        await world.SeedServiceAsync("api", "example/api:old", 1, cluster: "shop-staging");
        await world.SeedServiceAsync("api", "example/api:old", 1, cluster: "shop-production");
        var github = await GitHubTestbed.StartAsync();
        foreach (var (name, value) in github.Environment) world.Surface.Environment[name] = value;
        world.Surface.Environment["AWS_ENDPOINT_URL_ECR"] = moto.Endpoint.ToString();
        world.Surface.Environment["DEPLOYER_CONTAINER_ENGINE"] = "buildah";

        // What CI pushed for two commits: ECR holds both tags, so the staging releases rebuild nothing.
        var repository = $"shop-api-{Guid.NewGuid():N}"[..20];
        using var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
        await aws.Ecr.CreateRepositoryAsync(repository, scanOnPush: true, immutableTags: true, CancellationToken.None);
        async Task<string> Pushed(string sha, string layer)
        {
            var manifest = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{{new string('c', 64)}}","size":2},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{{layer}}","size":10}]}""";
            return (await aws.Ecr.PutImageAsync(repository, new EcrManifest(manifest, "application/vnd.oci.image.manifest.v1+json", ""), sha, CancellationToken.None)).Digest;
        }
        var firstDigest = await Pushed(First, new string('1', 64));
        var secondDigest = await Pushed(Second, new string('2', 64));
        world.Describe($$"""
            app: shop
            images:
              api: { context: api, repository: {{repository}} }
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop-staging
                services: [{ name: api, image: api, desiredCount: 1 }]
              production:
                promotesFrom: staging
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop-production
                services: [{ name: api, image: api, desiredCount: 1 }]
            """);
        return new Arrangement(world, github, repository, firstDigest, secondDigest);
    }

    [Fact]
    public async Task Promotion_ships_exactly_what_staging_verified_builds_nothing_and_the_ledger_shows_both_releases()
    {
        await using var a = await ArrangeAsync();

        var staging = a.Run("DeployStaging", "--git-sha", First);
        var promotion = a.Run("Promote", "--environment", "production");

        Assert.True(staging.Result.ExitCode == 0, staging.Result.All);
        Assert.True(promotion.Result.ExitCode == 0, promotion.Result.All);
        Assert.Equal(a.Pinned(a.FirstDigest), await a.LiveImageAsync("api", "shop-production"));
        Assert.Equal(["PromoteImage", "DeployEcsService"], promotion.StepKinds);
        Assert.Matches(@"Ships release \d+ of staging \(release of 111111111111, success, ", promotion.Result.Out);

        var byEnvironment = (await DeploymentsAsync(a)).ToDictionary(d => d.GetProperty("environment").GetString()!);
        Assert.Equal(First, byEnvironment["staging"].GetProperty("sha").GetString());
        Assert.Equal(First, byEnvironment["production"].GetProperty("sha").GetString());
        Assert.Equal("deploy:promotion", byEnvironment["production"].GetProperty("task").GetString());
        foreach (var deployment in byEnvironment.Values)
        {
            var statuses = await a.GitHub.Octokit().Repository.Deployment.Status.GetAll("acme", "shop", deployment.GetProperty("id").GetInt64());
            Assert.Equal([DeploymentState.Success, DeploymentState.InProgress], statuses.Select(s => s.State.Value));
        }
        var payload = byEnvironment["production"].GetProperty("payload");
        Assert.Equal(a.Pinned(a.FirstDigest), payload.GetProperty("images").GetProperty("api").GetString());
        Assert.StartsWith("arn:aws:ecs:us-east-1:123456789012:task-definition/", payload.GetProperty("targets").GetProperty("deploy-ecs:api").GetString());
        Assert.Equal(byEnvironment["staging"].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), payload.GetProperty("source").GetString());
        Assert.DoesNotContain(GitHubTestbed.Token, staging.Result.All + promotion.Result.All + promotion.Json);
    }

    [Fact]
    public async Task Rollback_returns_production_to_its_previous_successful_release()
    {
        await using var a = await ArrangeAsync();
        foreach (var sha in new[] { First, Second })
        {
            var staging = a.Run("DeployStaging", "--git-sha", sha);
            Assert.True(staging.Result.ExitCode == 0, staging.Result.All);
            var promotion = a.Run("Promote", "--environment", "production");
            Assert.True(promotion.Result.ExitCode == 0, promotion.Result.All);
        }
        Assert.Equal(a.Pinned(a.SecondDigest), await a.LiveImageAsync("api", "shop-production"));

        var rollback = a.Run("Rollback", "--environment", "production");

        Assert.True(rollback.Result.ExitCode == 0, rollback.Result.All);
        Assert.Equal(["DeployEcsService"], rollback.StepKinds);
        Assert.Equal(a.Pinned(a.FirstDigest), await a.LiveImageAsync("api", "shop-production"));
        Assert.Equal(a.Pinned(a.SecondDigest), await a.LiveImageAsync("api", "shop-staging"));
        var production = (await DeploymentsAsync(a)).Where(d => d.GetProperty("environment").GetString() == "production")
            .OrderByDescending(d => d.GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(["deploy:rollback", "deploy:promotion", "deploy:promotion"], production.Select(d => d.GetProperty("task").GetString()));
        var latest = await Task.WhenAll(production.Select(async d =>
            (await a.GitHub.Octokit().Repository.Deployment.Status.GetAll("acme", "shop", d.GetProperty("id").GetInt64())).First().State.Value));
        Assert.Equal([DeploymentState.Success, DeploymentState.Inactive, DeploymentState.Inactive], latest);
        Assert.Equal(First, production[0].GetProperty("sha").GetString());
        // The exact task definition revision the first promotion ran, not a new rendering of it.
        var recorded = production[2].GetProperty("payload").GetProperty("targets").GetProperty("deploy-ecs:api").GetString();
        Assert.Equal(recorded, (await a.World.ServiceAsync("api", "shop-production"))["taskDefinition"]!.GetValue<string>());
        Assert.Equal(production[1].GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            production[0].GetProperty("payload").GetProperty("replaces").GetString());
    }

    [Fact]
    public async Task A_ledger_that_refuses_the_token_stops_a_promotion_before_any_change_but_not_its_dry_run()
    {
        await using var a = await ArrangeAsync();
        const string wrong = "ghs_wrongTokenThatGitHubRefuses000000000";
        string[] promote = ["Promote", "--environment", "production", "--skip", "--config", a.World.DescriptionFile, "--github-token", wrong];

        var refused = a.World.Surface.Run(promote);
        var dryRun = a.World.Surface.Run([.. promote, "--dry-run"]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: the release ledger (GitHub deployments of acme/shop) could not be read; nothing was changed: ", refused.All);
        Assert.Equal(0, a.World.Count("UpdateService"));
        Assert.True(dryRun.ExitCode == 0, dryRun.All);
        Assert.Contains("without --dry-run this stops here: the release ledger (GitHub deployments of acme/shop) could not be read", dryRun.All);
        Assert.DoesNotContain(wrong, refused.All + dryRun.All);
    }

    [Fact]
    public async Task Without_a_token_a_local_rollback_across_a_recorded_migration_is_refused_unless_forced()
    {
        await using var world = await EcsWorld.StartAsync(cluster: "shop-production");
        await world.SeedServiceAsync("api", "example/api:old", 1, cluster: "shop-production");
        world.Describe("""
            app: shop
            images:
              api: { context: api, repository: shop-api }
            environments:
              production:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop-production
                services: [{ name: api, image: api, desiredCount: 1 }]
            """);
        // The file a rehearsal without GITHUB_TOKEN records into, under the build root.
        var ledger = Deployer.Releases.LocalLedger.InRepository(world.Surface.Root, TimeProvider.System);
        Deployer.Releases.Release Shipped(string sha, string digest, Deployer.Releases.MigrationRecord? migration) =>
            new("shop", "production", sha, Deployer.Planning.PlanMode.Release,
                new Dictionary<string, string> { ["api"] = $"123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api@sha256:{digest}" },
                new Dictionary<string, string>(), migration, []);
        await ledger.RecordAsync(Shipped(First, new string('1', 64), null), Deployer.Releases.ReleaseStatus.Success, null, CancellationToken.None);
        await ledger.RecordAsync(Shipped(Second, new string('2', 64), new("alembic", "b2", "c3", ["c3"])), Deployer.Releases.ReleaseStatus.Success, null, CancellationToken.None);
        string[] rollback = ["Rollback", "--environment", "production", "--config", world.DescriptionFile];

        var refused = world.Surface.Run(rollback);

        Assert.Equal(2, refused.ExitCode);
        Assert.True(refused.All.Contains("Refusing to roll back shop in production to release 1 (1111111): later releases migrated the database"), refused.All);
        Assert.Contains("release 2 (2222222) applied alembic c3", refused.All);
        Assert.Equal(0, world.Count("UpdateService"));

        var forced = world.Surface.Run([.. rollback, "--force"]);

        Assert.True(forced.ExitCode == 0, forced.All);
        Assert.Contains("warning: Rolling back shop in production to release 1 (1111111) although later releases migrated the database (--force)", forced.All);
        Assert.Equal($"123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api@sha256:{new string('1', 64)}",
            (await world.LiveTaskDefinitionAsync("api", "shop-production"))["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        var history = await ledger.HistoryAsync("shop", "production", CancellationToken.None);
        Assert.Equal(("3", Deployer.Planning.PlanMode.Rollback, "1", "2"), (history[0].Id, history[0].Release.Mode, history[0].Release.Source, history[0].Release.Replaces));
    }

    /// <summary>
    /// The repository's deployments as GitHub returns them. Read raw because Octokit types a payload as flat strings and
    /// throws on ours (lists and maps), which is why Deployer itself reads them with System.Text.Json.
    /// </summary>
    private static async Task<JsonElement[]> DeploymentsAsync(Arrangement a)
    {
        using var http = new HttpClient { BaseAddress = a.GitHub.Simulator.Endpoint };
        http.DefaultRequestHeaders.Authorization = new("Bearer", GitHubTestbed.Token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("deployer-tests");
        using var list = JsonDocument.Parse(await http.GetStringAsync("repos/acme/shop/deployments?per_page=100"));
        return list.RootElement.EnumerateArray().Select(d => d.Clone()).ToArray();
    }
}
