using Deployer.Artifacts;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Amplify;
using Deployer.Providers.Sam;
using Deployer.Providers.StaticSites;
using Deployer.Releases;

namespace Deployer.Tests.Planning;

/// <summary>
/// Stack outputs as plan data: a build that reads <c>{{sam.&lt;stack&gt;.&lt;Output&gt;}}</c> is ordered after that stack's
/// deploy, a reference to a stack the environment does not deploy or a cycle of references is refused naming the setting,
/// and the dry run prints the reference unresolved with where it comes from.
/// </summary>
public sealed class StackOutputPlanningTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static DeployPlan Plan(string environments, string environment = "staging", PlanMode mode = PlanMode.Release, Release? source = null)
    {
        var description = ProviderModules.Loader.Load("deploy.yml", "app: mdreader\nenvironments:\n" + environments, new Dictionary<string, string>()).OrThrow();
        var shipped = source is null ? null : new LedgerEntry("7", source, ReleaseStatus.Success, DateTimeOffset.UnixEpoch).AsShipped();
        return ProviderModules.Plan(description, new PlanInputs(environment, Sha, mode, shipped));
    }

    private static Release Recorded(string environment, Dictionary<string, string> targets) =>
        new("mdreader", environment, Sha, PlanMode.Release, new Dictionary<string, string>(), targets, null, []);

    private const string Staging = """
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            sam: [{ stack: api, template: backend.yml, s3Bucket: artifacts }]
            staticSites:
              - { name: ui, directory: dist, bucket: ui-bucket, build: npm run build, buildEnv: { VITE_API_URL: "{{sam.api.ApiUrl}}", MODE: staging } }
              - { name: docs, directory: docs, bucket: docs-bucket, build: make docs }
        """;

    /// <summary>A stack whose parameter is another stack's output, listed before that stack.</summary>
    private const string ApiAfterNetwork = """
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            sam:
              - { stack: api, template: a.yml, s3Bucket: b, parameters: { VpcId: "{{sam.network.VpcId}}" } }
              - { stack: network, template: n.yml, s3Bucket: b }
        """;

    private static int Wave(DeployPlan plan, string id) => plan.Stages.Select((wave, i) => (wave, i)).Single(w => w.wave.Any(s => s.Id == id)).i;

    [Fact]
    public void A_build_that_reads_a_stack_output_runs_after_that_stacks_deploy_and_before_its_site_is_published()
    {
        var plan = Plan(Staging);

        var build = plan.Steps.Single(s => s.Id == "build-static-site:ui");
        Assert.Contains("deploy-sam:api", build.DependsOn);
        Assert.True(Wave(plan, "deploy-sam:api") < Wave(plan, "build-static-site:ui"));
        Assert.True(Wave(plan, "build-static-site:ui") < Wave(plan, "deploy-static-site:ui"));
        // A build that reads no output stays an artifact the stack waits for, as before.
        Assert.Contains("build-static-site:docs", plan.Steps.Single(s => s.Id == "deploy-sam:api").DependsOn);
    }

    [Fact]
    public void The_dry_run_shows_the_reference_unresolved_and_the_step_it_comes_from()
    {
        var build = Plan(Staging).Steps.OfType<SiteBuildStep>().Single(s => s.Id == "build-static-site:ui");

        Assert.Contains(("env VITE_API_URL", "{{sam.api.ApiUrl}} ← from deploy-sam:api"), build.Details());
        Assert.Contains(("env MODE", "staging"), build.Details());
    }

    [Fact]
    public void A_value_around_a_reference_is_printed_whole_with_its_source()
    {
        var plan = Plan(Staging.Replace("\"{{sam.api.ApiUrl}}\"", "\"{{ sam.api.ApiUrl }}/v2\""));

        var build = plan.Steps.OfType<SiteBuildStep>().Single(s => s.Id == "build-static-site:ui");
        Assert.Contains(("env VITE_API_URL", "{{ sam.api.ApiUrl }}/v2 ({{sam.api.ApiUrl}} ← from deploy-sam:api)"), build.Details());
    }

    [Fact]
    public void An_amplify_build_reads_stack_outputs_the_same_way()
    {
        var plan = Plan("""
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                sam: [{ stack: api, template: backend.yml, s3Bucket: artifacts }]
                amplify: [{ appId: d1, branch: staging, artifact: frontend/dist, artifactBucket: a, build: npm run build, buildEnv: { VITE_API_URL: "{{sam.api.ApiUrl}}" } }]
            """);

        Assert.Contains("deploy-sam:api", plan.Steps.Single(s => s.Id == "build-amplify:d1/staging").DependsOn);
        Assert.True(Wave(plan, "deploy-sam:api") < Wave(plan, "build-amplify:d1/staging"));
    }

    [Fact]
    public void A_reference_to_a_stack_the_environment_does_not_deploy_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<PlanningException>(() => Plan(Staging.Replace("sam.api.ApiUrl", "sam.apy.ApiUrl")));

        Assert.Equal("environments.staging.staticSites[0].buildEnv.VITE_API_URL: {{sam.apy.ApiUrl}} names no sam step deployed in staging " +
                     "(did you mean 'deploy-sam:api'?); outputs come from deploy-sam:api", error.Message);
    }

    [Fact]
    public void References_that_form_a_cycle_are_refused_naming_each_setting()
    {
        var error = Assert.Throws<PlanningException>(() => Plan("""
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                sam:
                  - { stack: network, template: n.yml, s3Bucket: b, parameters: { ApiId: "{{sam.api.ApiId}}" } }
                  - { stack: api, template: a.yml, s3Bucket: b, parameters: { VpcId: "{{sam.network.VpcId}}" } }
            """));

        Assert.Contains("environments.staging.sam[0].parameters.ApiId ({{sam.api.ApiId}})", error.Message);
        Assert.Contains("environments.staging.sam[1].parameters.VpcId ({{sam.network.VpcId}})", error.Message);
        Assert.Contains("output references form a cycle", error.Message);
    }

    [Fact]
    public void A_stack_may_take_another_stacks_output_as_a_parameter_and_is_deployed_after_it()
    {
        var plan = Plan(ApiAfterNetwork);

        Assert.True(Wave(plan, "deploy-sam:network") < Wave(plan, "deploy-sam:api"));
        Assert.Contains(("parameter VpcId", "{{sam.network.VpcId}} ← from deploy-sam:network"), plan.Steps.Single(s => s.Id == "deploy-sam:api").Details());
    }

    [Fact]
    public void A_rollback_shows_the_value_the_restored_release_recorded()
    {
        var plan = Plan(ApiAfterNetwork, mode: PlanMode.Rollback, source: Recorded("staging", new()
        {
            ["deploy-sam:api"] = "s3://b/deployer/templates/1.yaml",
            ["deploy-sam:network"] = "s3://b/deployer/templates/2.yaml",
            ["output:sam.network.VpcId"] = "vpc-0abc",
        }));

        Assert.Contains(("parameter VpcId", "{{sam.network.VpcId}} ← from deploy-sam:network (recorded: vpc-0abc)"),
            plan.Steps.Single(s => s.Id == "deploy-sam:api").Details());
    }

    [Fact]
    public void A_promotion_builds_again_a_site_that_bakes_in_stack_outputs_and_ships_the_others_as_recorded()
    {
        var production = """
              production:
                promotesFrom: staging
                aws: { account: "123456789012", region: us-east-1 }
                sam: [{ stack: api, template: backend.yml, s3Bucket: artifacts }]
                staticSites:
                  - { name: ui, directory: dist, bucket: ui-prod, build: npm run build, buildEnv: { VITE_API_URL: "{{sam.api.ApiUrl}}" } }
                  - { name: docs, directory: docs, bucket: docs-prod, build: make docs }
            """;
        var plan = Plan(Staging + "\n" + production, "production", PlanMode.Promotion, Recorded("staging", new()
        {
            ["deploy-sam:api"] = "s3://artifacts/deployer/templates/1.yaml",
            ["deploy-static-site:ui"] = "ui-bucket/.deployer/releases/1.json",
            ["deploy-static-site:docs"] = "docs-bucket/.deployer/releases/1.json",
            ["output:sam.api.ApiUrl"] = "https://staging.example/api",
        }));

        var ui = plan.Steps.OfType<SiteBuildStep>().Single();
        Assert.Equal("build-static-site:ui", ui.Id);
        Assert.Contains("deploy-sam:api", ui.DependsOn);
        // Staging's value is not production's: the dry run names where the value will come from, not staging's URL.
        Assert.Contains(("env VITE_API_URL", "{{sam.api.ApiUrl}} ← from deploy-sam:api"), ui.Details());
        Assert.Null(plan.Steps.OfType<DeployStaticSiteStep>().Single(s => s.Site.Name == "ui").RecordedManifest);
        Assert.Equal("docs-bucket/.deployer/releases/1.json", plan.Steps.OfType<DeployStaticSiteStep>().Single(s => s.Site.Name == "docs").RecordedManifest);
    }

    [Fact]
    public void A_release_records_the_stacks_outputs_beside_its_template()
    {
        var plan = Plan(Staging);
        var sam = plan.Steps.Single(s => s.Id == "deploy-sam:api");
        var deployed = new SamDeployed("api", "arn:stack", "UPDATE_COMPLETE", new Dictionary<string, string> { ["ApiUrl"] = "https://api.example/" },
            "s3://artifacts/deployer/templates/1.yaml", "1", [], 0);
        var result = new ReleaseResult(plan, Outcome.Succeeded, "", [new StepRecord(sam, new StepResult(Outcome.Succeeded, "", deployed), null, null)],
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var release = ReleaseFacts.From(result, ProviderModules.All);

        Assert.Equal("https://api.example/", release.Targets["output:sam.api.ApiUrl"]);
        Assert.Equal("s3://artifacts/deployer/templates/1.yaml", release.Targets["deploy-sam:api"]);
    }

    [Fact]
    public void A_reference_is_resolved_from_its_producers_outputs_and_a_missing_output_names_the_setting()
    {
        var state = new ExecutionState();
        state.Record("deploy-sam:api", new StepResult(Outcome.Succeeded, "", new SamDeployed("api", "arn", "UPDATE_COMPLETE",
            new Dictionary<string, string> { ["ApiUrl"] = "https://abc.execute-api.us-east-1.amazonaws.com/Prod" }, "s3://b/t", "1", [], 0)));

        var resolved = OutputValues.Resolve("{{sam.api.ApiUrl}}/v2", "environments.staging.staticSites[0].buildEnv.VITE_API_URL", state);
        var missing = Assert.Throws<UnresolvedOutputException>(() =>
            OutputValues.Resolve("{{sam.api.ApiURL}}", "environments.staging.staticSites[0].buildEnv.VITE_API_URL", state));

        Assert.Equal("https://abc.execute-api.us-east-1.amazonaws.com/Prod/v2", resolved);
        Assert.Equal("environments.staging.staticSites[0].buildEnv.VITE_API_URL: {{sam.api.ApiURL}} has no value: deploy-sam:api did not produce an output 'ApiURL'",
            missing.Message);
    }
}
