using Deployer.Config;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Coolify;
using Deployer.Providers.Verify;
using Deployer.Releases;
using Deployer.Secrets;

namespace Deployer.Tests.Providers.Coolify;

/// <summary>The description rules, the plan, and what the module refuses before any change.</summary>
public sealed class CoolifyModuleTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static string Description(string url, string applications) => $$"""
        app: authorworks
        environments:
          pi:
            coolify:
              - name: monitoring
                url: {{url}}
                token: { env: COOLIFY_TOKEN }
                applications: {{applications}}
        """;

    private static LoadResult Load(string yaml) => ProviderModules.Loader.Load("deploy.yml", yaml, new Dictionary<string, string>());

    [Fact]
    public void Mistakes_in_a_coolify_target_are_reported_with_their_paths()
    {
        var result = Load("""
            app: authorworks
            environments:
              pi:
                coolify:
                  - name: monitoring
                    url: coolify.local
                    token: { env: COOLIFY_TOKEN }
                    applications: []
                    publicUrl: grafana
                    timeoutMinutes: 0
                  - name: logs
                    url: https://coolify.example.com
                    token: 1|plain-token-in-the-file
                    applications: ["abc,def"]
                  - name: uptime
                    url: https://coolify.example.com
                    token: { env: COOLIFY_TOKEN }
            """);

        var errors = result.Errors.Select(e => $"{e.Path}: {e.Message}").ToArray();
        Assert.Contains("environments.pi.coolify[0].url: 'coolify.local' is not an absolute http(s) URL", errors);
        Assert.Contains("environments.pi.coolify[0].applications: names no Coolify application uuid", errors);
        Assert.Contains("environments.pi.coolify[0].publicUrl: 'grafana' is not an absolute http(s) URL", errors);
        Assert.Contains("environments.pi.coolify[0].timeoutMinutes: must be 1 to 1440 minutes, not 0", errors);
        Assert.Contains(errors, e => e.StartsWith("environments.pi.coolify[1].token: expected a secret reference", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("plain-token-in-the-file", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("environments.pi.coolify[1].applications[0]: 'abc,def' is not a Coolify uuid", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("environments.pi.coolify[2]", StringComparison.Ordinal) && e.Contains("applications"));
    }

    [Fact]
    public void A_release_plans_the_deploy_with_the_exact_request_and_a_check_of_the_public_url()
    {
        var description = Load("""
            app: authorworks
            environments:
              pi:
                coolify:
                  - name: monitoring
                    url: https://coolify.pi.example.com
                    token: { env: COOLIFY_TOKEN }
                    applications: [o000okc80okco8s0sgcwwcwo]
                    publicUrl: https://grafana.example.com/api/health
            """).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("pi", Sha));

        var deploy = Assert.IsType<DeployCoolifyStep>(plan.Steps.Single(s => s.Id == "deploy-coolify:monitoring"));
        Assert.Contains(("request", "POST /api/v1/deploy?uuid=o000okc80okco8s0sgcwwcwo&force=false"), deploy.Details());
        Assert.Contains(("token", "env:COOLIFY_TOKEN"), deploy.Details());
        var verify = Assert.IsType<VerifyStep>(plan.Steps.Single(s => s.Id == "verify-coolify:monitoring"));
        Assert.Equal("https://grafana.example.com/api/health", verify.Checks.Single().Url);
        Assert.Contains("deploy-coolify:monitoring", verify.DependsOn);
    }

    [Fact]
    public async Task A_refused_token_stops_the_run_before_any_change_naming_the_setting_and_the_token_stays_secret()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        var (problems, secrets) = await ProvideAsync(bed, new() { ["COOLIFY_TOKEN"] = "1|a-revoked-coolify-token" });

        var problem = Assert.Single(problems).Value;
        Assert.StartsWith("environments.pi.coolify[0].token: Coolify at", problem);
        Assert.Contains("refused the token (env:COOLIFY_TOKEN) with HTTP 401", problem);
        Assert.DoesNotContain("a-revoked-coolify-token", problem);
        Assert.Contains("1|a-revoked-coolify-token", secrets.All);
        Assert.Empty(bed.Simulator.Deployments);
    }

    [Fact]
    public async Task An_unknown_application_and_a_missing_token_stop_the_run_before_any_change()
    {
        await using var bed = await CoolifyTestbed.StartAsync();

        var (unknown, _) = await ProvideAsync(bed, new() { ["COOLIFY_TOKEN"] = bed.Token }, "[nosuchapplication]");
        var (unset, _) = await ProvideAsync(bed, []);

        Assert.Equal("environments.pi.coolify[0].applications[0]: Coolify at " + bed.Simulator.Endpoint + " has no application 'nosuchapplication' the token can see",
            Assert.Single(unknown).Value);
        Assert.Equal("environments.pi.coolify[0].token: secret env:COOLIFY_TOKEN: environment variable COOLIFY_TOKEN is not set", Assert.Single(unset).Value);
        Assert.Empty(bed.Simulator.Deployments);
    }

    [Fact]
    public async Task A_rollback_with_no_recorded_commit_is_refused_before_any_change()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        var recorded = new Release("authorworks", "pi", Sha, PlanMode.Release, new Dictionary<string, string>(), new Dictionary<string, string>(), null, []);

        var (problems, _) = await ProvideAsync(bed, new() { ["COOLIFY_TOKEN"] = bed.Token }, mode: PlanMode.Rollback,
            source: new LedgerEntry("1", recorded, ReleaseStatus.Success, DateTimeOffset.UnixEpoch));

        Assert.Contains("Coolify can only deploy an earlier version by its commit or image tag, so this rollback is refused", Assert.Single(problems).Value);
    }

    [Fact]
    public async Task A_dry_run_shows_what_each_application_runs_now_and_changes_nothing()
    {
        await using var bed = await CoolifyTestbed.StartAsync();
        var description = Load(Description(bed.Simulator.Endpoint.ToString(), $"[{bed.Application.Uuid}]")).OrThrow();
        var environment = new Dictionary<string, string> { ["COOLIFY_TOKEN"] = bed.Token };
        var plan = ProviderModules.Plan(description, new PlanInputs("pi", Sha));
        var context = new ProviderContext(new ProviderRequest(description, plan, ".", true, (_, _) => { }), environment, new SecretValues(),
            TimeProvider.System, ProviderOptions.Default, null);
        await new CoolifyModule().ProvideAsync(context, CancellationToken.None);
        using var set = context.ToSet();

        var lines = await set.Previewers.Single().PreviewAsync(plan.Steps.Single(), CancellationToken.None);

        Assert.Empty(set.Handlers);
        Assert.Equal([$"~ {bed.Application.Uuid}: queue a deployment (now 'monitoring' exited:unhealthy, builds authorworks/monitoring@main)"], lines);
        Assert.DoesNotContain(bed.Simulator.Requests, r => !r.StartsWith("GET ", StringComparison.Ordinal));
    }

    private async Task<(IReadOnlyDictionary<string, string> Problems, SecretValues Secrets)> ProvideAsync(CoolifyTestbed bed, Dictionary<string, string> environment,
        string? applications = null, PlanMode mode = PlanMode.Release, LedgerEntry? source = null)
    {
        var description = Load(Description(bed.Simulator.Endpoint.ToString(), applications ?? $"[{bed.Application.Uuid}]")).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("pi", Sha, mode, source?.AsShipped()));
        var secrets = new SecretValues();
        var context = new ProviderContext(new ProviderRequest(description, plan, ".", false, (_, _) => { }), environment, secrets,
            TimeProvider.System, ProviderOptions.Default, null);
        await new CoolifyModule().ProvideAsync(context, CancellationToken.None);
        using var set = context.ToSet();
        return (set.Problems, secrets);
    }
}
