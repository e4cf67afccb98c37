using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.HomeServers;
using Deployer.Releases;

namespace Deployer.Tests.Providers.HomeServers;

public class HomeServersModuleTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static string Description(string proxy, string service = "{ name: web, imageUri: \"busybox:1\", port: 8080 }") => $$"""
        app: authorworks
        environments:
          home:
            homeServers:
              - host: home.example.com
                user: deploy
                privateKey: { env: HOME_KEY }
                hostKey: SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY
                proxy: {{proxy}}
                services: [{{service}}]
        """;

    private static string[] Errors(string yaml) =>
        ProviderModules.Loader.Load("deploy.yml", yaml, new Dictionary<string, string>()).Errors.Select(e => $"{e.Path}: {e.Message}").ToArray();

    [Theory]
    [InlineData("{ kind: traefik, configPath: /etc/traefik/dynamic/authorworks.yml }")]
    [InlineData("{ kind: caddy, adminUrl: \"http://127.0.0.1:2019\" }")]
    public async Task Traefik_and_caddy_hosts_get_a_handler_like_nginx_ones(string proxy)
    {
        var description = ProviderModules.Loader.Load("deploy.yml", Description(proxy), new Dictionary<string, string>()).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("home", Sha));
        var context = new ProviderContext(new ProviderRequest(description, plan, ".", false, (_, _) => { }),
            new Dictionary<string, string> { ["HOME_KEY"] = "unused" }, new Deployer.Secrets.SecretValues(), TimeProvider.System, ProviderOptions.Default, null);

        await new HomeServersModule().ProvideAsync(context, CancellationToken.None);

        using var set = context.ToSet();
        Assert.Empty(set.Problems.Values);
    }

    [Fact]
    public void A_traefik_file_must_be_yaml_a_caddy_admin_url_loopback_and_a_domain_a_host_name()
    {
        var errors = Errors(Description("{ kind: traefik, configPath: /etc/traefik/dynamic/app.toml }", "{ name: web, imageUri: \"busybox:1\", port: 8080, domain: \"a`) || Host(`b\" }"))
            .Concat(Errors(Description("{ kind: caddy, adminUrl: \"http://caddy.example.com:2019\" }"))).ToArray();

        Assert.Contains("environments.home.homeServers[0].proxy.configPath: '/etc/traefik/dynamic/app.toml': Traefik's file provider reads the dynamic config deployer writes only from a .yml or .yaml file", errors);
        Assert.Contains("environments.home.homeServers[0].services[0].domain: 'a`) || Host(`b' is not a host name", errors);
        Assert.Contains("environments.home.homeServers[0].proxy.adminUrl: 'http://caddy.example.com:2019': expected caddy's admin endpoint on the host's loopback, e.g. http://127.0.0.1:2019 (it is reached through the SSH connection)", errors);
    }

    [Fact]
    public void A_domain_routed_to_two_services_is_refused()
    {
        var errors = Errors(Description("{ kind: caddy, adminUrl: \"http://127.0.0.1:2019\" }",
            "{ name: web, imageUri: \"busybox:1\", port: 8080, domain: shop.example.com }, { name: api, imageUri: \"busybox:1\", port: 8081, domain: Shop.example.com }"));

        Assert.Equal(["environments.home.homeServers[0].services: domain 'shop.example.com' is listed more than once"], errors);
    }

    [Fact]
    public void Nginx_needs_the_include_it_switches_and_sane_health_and_drain_settings()
    {
        var errors = Errors(Description("{ kind: nginx }",
            "{ name: web, imageUri: \"busybox:1\", port: 8080, healthIntervalSeconds: 0, healthTimeoutSeconds: 0, drainSeconds: -1, keep: -1 }"));

        Assert.Contains("environments.home.homeServers[0].proxy.configPath: a nginx proxy needs the 'configPath' it reads", errors);
        Assert.Contains("environments.home.homeServers[0].services[0].healthIntervalSeconds: must be 1 to 300 seconds, not 0", errors);
        Assert.Contains("environments.home.homeServers[0].services[0].healthTimeoutSeconds: must be 1 to 3600 seconds, not 0", errors);
        Assert.Contains("environments.home.homeServers[0].services[0].drainSeconds: must be 0 to 3600 seconds, not -1", errors);
        Assert.Contains("environments.home.homeServers[0].services[0].keep: must be 0 to 100 containers, not -1", errors);
    }

    [Fact]
    public void A_rollback_plans_the_container_the_recorded_release_left_serving()
    {
        var description = ProviderModules.Loader.Load("deploy.yml", Description("{ kind: nginx, configPath: /etc/nginx/conf.d/authorworks.conf }"), new Dictionary<string, string>()).OrThrow();
        var recorded = new Release("authorworks", "home", Sha, PlanMode.Release, new Dictionary<string, string>(),
            new Dictionary<string, string> { ["deploy-home-server:home.example.com"] = "web=web-blue-20261206010000ab12" }, null, []);

        var plan = ProviderModules.Plan(description, new PlanInputs("home", Sha, PlanMode.Rollback, new LedgerEntry("1", recorded, ReleaseStatus.Success, DateTimeOffset.UnixEpoch).AsShipped()));

        var step = Assert.IsType<DeployHomeServerStep>(Assert.Single(plan.Steps));
        Assert.Equal(PlanMode.Rollback, step.Mode);
        Assert.Equal("web-blue-20261206010000ab12", step.Recorded!["web"]);
        Assert.Equal("environments.home.homeServers[0]", step.Setting);
        Assert.Contains(step.Details(), d => d == ("service web", "start retained web-blue-20261206010000ab12, health /up"));
    }

    [Fact]
    public void The_release_records_the_container_serving_each_service()
    {
        var description = ProviderModules.Loader.Load("deploy.yml", Description("{ kind: nginx, configPath: /etc/nginx/conf.d/authorworks.conf }"), new Dictionary<string, string>()).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("home", Sha));
        var step = plan.Steps.Single();
        var deployed = new HomeServerDeployed("home.example.com", ["web"], ["web-green-20261206010000ab12"], ["busybox:1"], ["green"]);
        StepRecord[] records =
        [
            new(step, new StepResult(Outcome.Succeeded, "ok", deployed), null, null),
            new(step with { Id = "failed" }, new StepResult(Outcome.RolledBack, "sick", deployed), null, null),
        ];

        var targets = ReleaseFacts.From(new ReleaseResult(plan, Outcome.Succeeded, "ok", records, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), ProviderModules.All).Targets;
        Assert.Equal("web=web-green-20261206010000ab12", targets["deploy-home-server:home.example.com"]);
        Assert.False(targets.ContainsKey("failed"));
    }
}
