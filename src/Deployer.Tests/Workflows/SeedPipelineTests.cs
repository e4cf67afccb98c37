using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// The seed pipelines as their teams described them, read by GitHub's own parser and evaluator: which jobs of
/// release.yml each event runs, on which environment and in which mode; then whole runs against the simulators.
/// </summary>
public sealed class SeedPipelineTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string[]> Selections => new()
    {
        // 000 Scribe: pull request → tests and the staging plan; main → staging; dispatch → production.
        { "scribe.yml", "pull_request", ["pull-request/test staging plan", "pull-request/plan staging plan"] },
        { "scribe.yml", "push main", ["staging/test staging deploy", "staging/release staging deploy"] },
        { "scribe.yml", "dispatch promote", ["production/release production promote"] },
        { "scribe.yml", "dispatch rollback", ["production/release production rollback"] },
        // 001 SaaS: the same flow, with migrations set up before the staging release.
        { "saas.yml", "pull_request", ["pull-request/test staging plan", "pull-request/plan staging plan"] },
        { "saas.yml", "push main", ["staging/test staging deploy", "staging/release staging deploy"] },
        { "saas.yml", "push feature/login", [] },
        { "saas.yml", "dispatch promote", ["production/release production promote"] },
        { "saas.yml", "dispatch rollback", ["production/release production rollback"] },
        // 002 Community: development branches → dev (no tests rerun), main → staging, production by dispatch.
        { "community.yml", "pull_request", ["pull-request/test dev plan", "pull-request/plan dev plan"] },
        { "community.yml", "push feature/chat", ["dev/release dev deploy"] },
        { "community.yml", "push main", ["staging/test staging deploy", "staging/release staging deploy"] },
        { "community.yml", "dispatch promote", ["production/release production promote"] },
        // 003 MDReader: selection only. 004 AuthorWorks (run whole in AuthorWorksPipelineTests): no staging, production only.
        { "mdreader.yml", "push main", ["staging/test staging deploy", "staging/release staging deploy"] },
        { "mdreader.yml", "dispatch rollback", ["production/release production rollback"] },
        { "authorworks.yml", "pull_request", ["pull-request/test production plan", "pull-request/plan production plan"] },
        { "authorworks.yml", "push main", ["production/test production deploy", "production/release production deploy"] },
        { "authorworks.yml", "push feature/editor", [] },
        { "authorworks.yml", "dispatch rollback", ["rollback/release production rollback"] },
    };

    private static WorkflowEvent Event(string text) => text.Split(' ') switch
    {
        ["pull_request"] => WorkflowEvent.PullRequest,
        ["push", var branch] => WorkflowEvent.Push(branch),
        ["dispatch", var action] => WorkflowEvent.Dispatch(action),
        _ => throw new ArgumentException(text),
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task Each_event_runs_the_release_jobs_the_seed_describes(string workflow, string trigger, string[] expected)
    {
        using var runner = new WorkflowRunner(workflow, Repository.Root);

        var jobs = await runner.RunAsync(Event(trigger), execute: false);

        Assert.Equal(expected, jobs.Select(j => j.ToString()));
    }

    [Fact]
    public async Task Saas_staging_installs_what_the_migrations_need_and_tests_before_deploying()
    {
        using var runner = new WorkflowRunner("saas.yml", Repository.Root);

        var jobs = await runner.RunAsync(WorkflowEvent.Push("main"), execute: false);

        var release = jobs.Single(j => j.Job == "release");
        Assert.Equal("pip install -r backend/requirements.txt alembic", release.Inputs["migration-setup"]!.GetValue<string>());
        Assert.Equal("pip install -r backend/requirements-dev.txt", jobs.Single(j => j.Job == "test").Inputs["test-setup"]!.GetValue<string>());
    }

    /// <summary>Scribe's services on the ECS simulator, its ledger on the GitHub simulator: one app checkout.</summary>
    private static string Description => """
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services: [{ name: api, imageUri: "example/api:2", desiredCount: 1 }]
          production:
            promotesFrom: staging
            approval: { required: true, reviewers: [shop/owners] }
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services: [{ name: api, imageUri: "example/api:2", desiredCount: 1 }]
        """;

    [Fact]
    public async Task Scribe_push_to_main_records_a_staging_release_and_dispatch_promotes_it_to_production_behind_its_approval()
    {
        await using var world = await EcsWorld.StartAsync();
        await using var github = await GitHubTestbed.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1);
        world.Describe(Description);
        using var runner = new WorkflowRunner("scribe.yml", world.Surface.Root) { GitHubToken = GitHubTestbed.Token, Log = output.WriteLine };
        foreach (var (key, value) in world.Surface.Environment.Where(e => e.Key != "PATH")) runner.Environment[key] = value;
        foreach (var (key, value) in github.Environment) runner.Environment[key] = value;

        var push = await runner.RunAsync(WorkflowEvent.Push("main"));
        var promote = await runner.RunAsync(WorkflowEvent.Dispatch("promote"));

        var staging = push.Single(j => j.Job == "release");
        Assert.All(push, j => Assert.Equal("success", j.Result));
        Assert.NotEqual("", staging.Outputs["release-id"]);
        var production = promote.Single(j => j.Job == "release");
        Assert.True(production.Result == "success", string.Join('\n', production.Actions.Select(a => a.Log)));
        Assert.Contains("--yes", production.Actions.Single().Log); // approved inside its environment job
        Assert.NotEqual("", production.Outputs["release-id"]);
        Assert.NotEqual(staging.Outputs["release-id"], production.Outputs["release-id"]);
        var stagingImage = (await world.LiveTaskDefinitionAsync("api"))["containerDefinitions"]![0]!["image"]!.GetValue<string>();
        Assert.Equal("example/api:2", stagingImage); // one service stands in for both environments here
    }
}
