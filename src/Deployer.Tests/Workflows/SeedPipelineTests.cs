using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// The seed pipelines as their teams described them, read by GitHub's own parser and evaluator: which jobs of
/// release.yml each event runs, on which environment and in which mode. Whole runs: one class per seed (ScribePipelineTests,
/// SaasPipelineTests, CommunityPipelineTests, ...).
/// </summary>
public sealed class SeedPipelineTests
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

        // One virtualenv over the system Python for both; the migrations run with its Python (migrations.python).
        var release = jobs.Single(j => j.Job == "release");
        Assert.Equal("/usr/bin/python3 -m venv --system-site-packages .venv && .venv/bin/pip install -r backend/requirements.txt",
            release.Inputs["migration-setup"]!.GetValue<string>());
        var setUp = jobs.Single(j => j.Job == "test").Inputs["test-setup"]!.GetValue<string>();
        Assert.StartsWith("/usr/bin/python3 -m venv --system-site-packages .venv && .venv/bin/pip install -r backend/requirements-dev.txt", setUp);
        Assert.EndsWith("echo \"$PWD/.venv/bin\" >> \"$GITHUB_PATH\"", setUp);
    }
}
