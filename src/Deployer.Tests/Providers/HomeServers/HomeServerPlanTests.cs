using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.HomeServers;
using Deployer.Providers.HomeServers.Images;
using Deployer.Providers.Images;
using Deployer.Releases;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>What the dry run shows of a home server's lock, and what a promotion with <c>registry: ssh</c> ships.</summary>
public class HomeServerPlanTests
{
    private const string StagingSha = "0123456789abcdef0123456789abcdef01234567";
    private const string Id = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string PiId = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static readonly string Yaml = $$"""
        app: authorworks
        images:
          api: { context: . }
        environments:
          staging:
            registry: { kind: ssh }
            homeServers:
              - {{Host("staging.example.com", null)}}
          production:
            promotesFrom: staging
            registry: { kind: ssh }
            homeServers:
              - {{Host("prod.example.com", null)}}
              - {{Host("pi.example.com", "linux/arm64")}}
        """;

    private static string Host(string name, string? platform) =>
        $"{{ host: {name}, user: deploy, privateKey: {{ env: HOME_KEY }}, hostKey: SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY, lockTtlMinutes: 20, " +
        (platform is null ? "" : $"platform: {platform}, ") +
        "proxy: { kind: nginx, configPath: /etc/nginx/conf.d/authorworks.conf }, services: [{ name: api, image: api, port: 8080 }] }";

    private static DeployDescription Description() => ProviderModules.Loader.Load("deploy.yml", Yaml, new Dictionary<string, string>()).OrThrow();

    [Fact]
    public void The_dry_run_shows_the_lock_each_host_deploy_holds_and_how_a_dead_runs_lock_ends()
    {
        var plan = ProviderModules.Plan(Description(), new PlanInputs("staging", StagingSha));

        var deploy = plan.Steps.OfType<DeployHomeServerStep>().Single();
        var (_, text) = Assert.Single(deploy.Details(), d => d.Item1 == "lock");
        Assert.StartsWith("~/.deployer/locks/authorworks.lock on staging.example.com for the whole step", text);
        Assert.Contains("not renewed for 20 min", text);
        Assert.Contains("--force-unlock", text);
    }

    [Fact]
    public void A_staging_release_records_the_image_id_it_shipped_per_platform()
    {
        var description = Description();
        var plan = ProviderModules.Plan(description, new PlanInputs("production", StagingSha));
        var ships = plan.Steps.OfType<ShipImageStep>().ToDictionary(s => s.Server.Host);
        StepRecord[] records =
        [
            Shipped(ships["prod.example.com"], Id, Outcome.Succeeded),
            Shipped(ships["pi.example.com"], PiId, Outcome.Unchanged),
            Shipped(ships["prod.example.com"] with { Id = "ship-image:api@failed" }, PiId, Outcome.Failed),
        ];

        var images = ReleaseFacts.From(new ReleaseResult(plan, Outcome.Succeeded, "ok", records, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), ProviderModules.All).Images;

        Assert.Equal($"local/authorworks-api@{Id}", images["api"]);
        Assert.Equal($"local/authorworks-api@{PiId}", images["api@linux-arm64"]);
    }

    [Fact]
    public void A_promotion_with_registry_ssh_ships_the_image_ids_staging_recorded_and_builds_nothing()
    {
        var staging = new Release("authorworks", "staging", StagingSha, PlanMode.Release,
            new Dictionary<string, string> { ["api"] = $"local/authorworks-api@{Id}", ["api@linux-arm64"] = $"local/authorworks-api@{PiId}" },
            new Dictionary<string, string>(), null, []);

        var plan = ProviderModules.Plan(Description(), new PlanInputs("production", "fedcba9876543210fedcba9876543210fedcba98", PlanMode.Promotion,
            new LedgerEntry("7", staging, ReleaseStatus.Success, DateTimeOffset.UnixEpoch).AsShipped()));

        Assert.DoesNotContain(plan.Steps, s => s is BuildImageStep or PushImageStep or PromoteImageStep);
        var ships = plan.Steps.OfType<ShipImageStep>().ToDictionary(s => s.Id);
        Assert.Equal(["ship-image:api@pi.example.com", "ship-image:api@prod.example.com"], ships.Keys.Order());
        var prod = ships["ship-image:api@prod.example.com"];
        Assert.Equal(Id["sha256:".Length..], prod.Local);
        Assert.Equal($"local/authorworks-api:{StagingSha}", prod.Image.ToString());
        Assert.Empty(prod.DependsOn);
        Assert.Contains(prod.Details(), d => d.Item1 == "promote" && d.Item2.Contains(Id["sha256:".Length..], StringComparison.Ordinal));
        Assert.Equal(PiId["sha256:".Length..], ships["ship-image:api@pi.example.com"].Local);
        Assert.Equal("api@linux-arm64", ships["ship-image:api@pi.example.com"].RecordAs);
        // Every deploy waits for the ships, as in a release.
        Assert.All(plan.Steps.OfType<DeployHomeServerStep>(), d => Assert.Superset(ships.Keys.ToHashSet(), d.DependsOn.ToHashSet()));
    }

    [Fact]
    public void A_promotion_from_a_release_that_recorded_no_image_id_for_a_hosts_platform_is_refused_naming_the_host()
    {
        var staging = new Release("authorworks", "staging", StagingSha, PlanMode.Release,
            new Dictionary<string, string> { ["api"] = $"local/authorworks-api@{Id}" }, new Dictionary<string, string>(), null, []);

        var refusal = Assert.Throws<PlanningException>(() => ProviderModules.Plan(Description(), new PlanInputs("production", StagingSha, PlanMode.Promotion,
            new LedgerEntry("7", staging, ReleaseStatus.Success, DateTimeOffset.UnixEpoch).AsShipped())));

        Assert.Contains("environments.production.homeServers[1]", refusal.Message);
        Assert.Contains("no image id of 'api' for linux/arm64", refusal.Message);
    }

    private static StepRecord Shipped(ShipImageStep step, string id, Outcome outcome) =>
        new(step, new StepResult(outcome, "shipped", new HostImageShipped($"deploy@{step.Server.Host}:22", step.Image.ToString(), id, null, 0)), null, null);
}
