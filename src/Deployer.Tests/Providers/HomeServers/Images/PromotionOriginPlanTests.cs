using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.HomeServers.Images;
using Deployer.Releases;

namespace Deployer.Tests.Providers.HomeServers.Images;

/// <summary>A staging release records which host received each image; a promotion plans to fetch the image from there when the runner lacks it.</summary>
public class PromotionOriginPlanTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Id = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static readonly string Yaml = $$"""
        app: authorworks
        images:
          api: { context: . }
          worker: { context: . }
        environments:
          staging:
            registry: { kind: ssh }
            homeServers:
              - {{Host("staging-a.example.com", "worker")}}
              - {{Host("staging-b.example.com", "api")}}
              - {{Host("staging-c.example.com", "api")}}
          production:
            promotesFrom: staging
            registry: { kind: ssh }
            homeServers:
              - {{Host("prod.example.com", "api")}}
        """;

    private static string Host(string name, string image) =>
        $"{{ host: {name}, user: deploy, privateKey: {{ env: HOME_KEY }}, hostKey: SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY, " +
        $"proxy: {{ kind: nginx, configPath: /etc/nginx/conf.d/authorworks.conf }}, services: [{{ name: {image}, image: {image}, port: 8080 }}] }}";

    private static DeployDescription Description() => ProviderModules.Loader.Load("deploy.yml", Yaml, new Dictionary<string, string>()).OrThrow();

    [Fact]
    public void A_staging_release_records_which_host_received_each_image()
    {
        var plan = ProviderModules.Plan(Description(), new PlanInputs("staging", Sha));
        var ship = plan.Steps.OfType<ShipImageStep>().Single(s => s.Server.Host == "staging-c.example.com");
        StepRecord[] records = [new(ship, new StepResult(Outcome.Succeeded, "shipped", new HostImageShipped("deploy@staging-c.example.com:22", ship.Image.ToString(), Id, null, 10)), null, null)];

        var facts = ReleaseFacts.From(new ReleaseResult(plan, Outcome.Succeeded, "ok", records, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), ProviderModules.All);

        Assert.Equal("deploy@staging-c.example.com:22", facts.Targets["ship-image:api@staging-c.example.com"]);
    }

    [Fact]
    public void A_promotion_asks_the_staging_host_that_received_the_image_first_then_the_others_that_run_it()
    {
        var staging = new Release("authorworks", "staging", Sha, PlanMode.Release, new Dictionary<string, string> { ["api"] = $"local/authorworks-api@{Id}" },
            new Dictionary<string, string> { ["ship-image:api@staging-c.example.com"] = "deploy@staging-c.example.com:22" }, null, []);

        var plan = ProviderModules.Plan(Description(), new PlanInputs("production", Sha, PlanMode.Promotion,
            new LedgerEntry("7", staging, ReleaseStatus.Success, DateTimeOffset.UnixEpoch).AsShipped()));

        var ship = plan.Steps.OfType<ShipImageStep>().Single();
        Assert.Equal(["staging-c.example.com", "staging-b.example.com"], ship.Origins.Select(o => o.Server.Host));
        Assert.Equal(["environments.staging.homeServers[2]", "environments.staging.homeServers[1]"], ship.Origins.Select(o => o.Place));
        var (_, from) = Assert.Single(ship.Details(), d => d.Item1 == "from");
        Assert.Equal("this host (tag only), the runner's engine, deploy@staging-c.example.com:22 (environments.staging.homeServers[2]), " +
                     "deploy@staging-b.example.com:22 (environments.staging.homeServers[1]), the first that has it", from);
    }
}
