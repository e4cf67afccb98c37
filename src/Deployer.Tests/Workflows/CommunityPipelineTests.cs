using System.Globalization;
using System.Text.Json;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Seed 002 (Community) as its team runs it: .github/workflows/community.yml and release.yml, job by job
/// (<see cref="WorkflowRunner"/>), against <see cref="CommunityWorld"/>: the ECS simulator (one cluster per environment),
/// moto (ECR and its scan, Secrets Manager, the RDS snapshot, the CloudWatch alarm), buildah with docker-registry for the
/// pull request's image, and the GitHub simulator (release ledger, plan comments). One test per flow of the seed.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class CommunityPipelineTests(MotoServer moto, ITestOutputHelper output)
{
    private const int PullRequest = 12;

    private WorkflowRunner Pipeline(CommunityWorld world) => PipelineRuns.Start("community.yml", world.Root, world.Ecs.Surface.Environment, world.Sha, output);

    private static string Logs(WorkflowJob job) => PipelineRuns.Logs(job);

    private static void Succeeded(IReadOnlyList<WorkflowJob> jobs) => PipelineRuns.Succeeded(jobs);

    /// <summary>Deployer's JSON result of the job's last action (the release).</summary>
    private static JsonElement Result(WorkflowJob job) =>
        JsonDocument.Parse(File.ReadAllText(job.Actions.Last().Outputs["result-file"])).RootElement.Clone();

    private static Dictionary<string, JsonElement> Steps(JsonElement result) =>
        result.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s);

    private static string Outcome(JsonElement step) => step.GetProperty("outcome").GetString()!;

    [Fact]
    public async Task A_pull_request_runs_the_unit_tests_and_lint_builds_and_scans_the_image_and_a_critical_finding_fails_it()
    {
        await using var world = await CommunityWorld.StartAsync(moto, output, build: true);
        world.GitHub.Simulator.OpenPullRequest(GitHubTestbed.Repository, PullRequest);
        await world.ScanFindsAsync(("CVE-2026-41001", "CRITICAL", "openssl"), ("CVE-2026-41002", "HIGH", "zlib"));
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.PullRequest with { Ref = $"refs/pull/{PullRequest}/merge" });

        Assert.Equal(["pull-request/test dev plan", "pull-request/plan dev plan"], jobs.Select(j => j.ToString()));
        var check = jobs[0];
        Assert.True(check.Result == "failure", Logs(check));
        Assert.Contains("./build.sh Test", Logs(check));
        Assert.True(check.Actions[0].Succeeded, check.Actions[0].Log); // unit tests and lint passed; the scan failed the job
        // Built by buildah, pushed to ECR under the commit's tag, and judged on ECR's scan of exactly that digest.
        var pushed = Assert.Single(world.Front!.Pushed);
        Assert.StartsWith($"{world.Repository}:{world.Sha}@sha256:", pushed);
        var scan = Steps(Result(check))["scan-image:web"];
        Assert.Equal("Failed", Outcome(scan));
        Assert.Equal(pushed[(pushed.IndexOf('@') + 1)..], scan.GetProperty("outputs").GetProperty("digest").GetString());
        Assert.Contains("image 'web' has findings over the scan threshold of dev: 1 CRITICAL (max 0)", Logs(check));
        Assert.Matches(@"CRITICAL\s+CVE-2026-41001\s+openssl", Logs(check));
        // The plan still reaches the pull request; nothing is deployed or recorded.
        Assert.Equal("success", jobs[1].Result);
        var comment = Assert.Single(await world.GitHub.Octokit().Issue.Comment.GetAllForIssue("acme", "shop", PullRequest));
        Assert.Contains("deploy-ecs:web", comment.Body);
        foreach (var environment in CommunityWorld.Environments)
            Assert.Equal(world.SeededTaskDefinitions[environment], await world.TaskDefinitionArnAsync(environment));
        Assert.Empty(await world.ReleasesAsync());
    }

    [Fact]
    public async Task A_push_to_a_development_branch_deploys_dev_without_rerunning_the_tests()
    {
        await using var world = await CommunityWorld.StartAsync(moto, output);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Push("feature/chat"));

        Assert.Equal(["dev/release dev deploy"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.DoesNotContain("./build.sh Test", Logs(jobs[0]));
        var steps = Steps(Result(jobs[0]));
        foreach (var step in new[] { "scan-image:web", "migrate", "deploy-ecs:web", "verify" })
            Assert.Equal("Succeeded", Outcome(steps[step]));
        Assert.Contains($"{world.Repository}@sha256:", await world.ImageAsync("dev"));
        Assert.Equal(world.SeededTaskDefinitions["staging"], await world.TaskDefinitionArnAsync("staging"));
        var release = Assert.Single(await world.ReleasesAsync("dev"));
        Assert.Equal(jobs[0].Outputs["release-id"], release.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_merge_to_main_deploys_staging_automatically_after_the_tests_recorded_and_verified()
    {
        await using var world = await CommunityWorld.StartAsync(moto, output);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Push("main"));

        Assert.Equal(["staging/test staging deploy", "staging/release staging deploy"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.Contains("--yes", Logs(jobs[1])); // staging's approval is its GitHub environment's reviewers
        var steps = Steps(Result(jobs[1]));
        foreach (var step in new[] { "migrate", "deploy-ecs:web", "verify" })
            Assert.Equal("Succeeded", Outcome(steps[step]));
        // The migration ran as a one-off ECS task of staging's cluster, on the app image, before the service moved.
        var operations = world.Ecs.Simulator.Exchanges.Where(e => e.RequestJson.Contains("community-staging", StringComparison.Ordinal)).Select(e => e.Operation).ToList();
        Assert.True(operations.IndexOf("RunTask") >= 0 && operations.IndexOf("RunTask") < operations.IndexOf("UpdateService"), string.Join(", ", operations));
        var digest = JsonDocument.Parse(jobs[1].Outputs["digests"]).RootElement.GetProperty("web").GetString()!;
        Assert.EndsWith("@" + digest, await world.ImageAsync("staging"));
        Assert.Equal(world.SeededTaskDefinitions["dev"], await world.TaskDefinitionArnAsync("dev"));
        Assert.Equal(world.SeededTaskDefinitions["production"], await world.TaskDefinitionArnAsync("production"));
        var release = Assert.Single(await world.ReleasesAsync("staging"));
        Assert.Equal((world.Sha, jobs[1].Outputs["release-id"]),
            (release.GetProperty("sha").GetString(), release.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)));
        var status = (await world.GitHub.Octokit().Repository.Deployment.Status.GetAll("acme", "shop", release.GetProperty("id").GetInt64())).First();
        Assert.Equal(Octokit.DeploymentState.Success, status.State.Value); // verified
        Assert.True(world.Site.Hits("/staging/api/health") > 0);
    }

    [Fact]
    public async Task Production_needs_approval_snapshots_first_migrates_in_an_ECS_task_and_a_critical_alarm_during_the_bake_rolls_it_back()
    {
        await using var world = await CommunityWorld.StartAsync(moto, output);
        using var pipeline = Pipeline(world);
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Push("main")));
        var staging = await world.ImageAsync("staging");

        // Outside its approved environment (a local run, no terminal), production is refused and left alone.
        var unapproved = world.Ecs.Surface.Run("Promote", "--environment", "production", "--config", world.Ecs.DescriptionFile,
            "--git-sha", world.Sha, "--github-token", GitHubTestbed.Token);
        Assert.True(unapproved.ExitCode == 2, unapproved.All);
        Assert.Equal(world.SeededTaskDefinitions["production"], await world.TaskDefinitionArnAsync("production"));
        Assert.Empty(await world.SnapshotsAsync());

        // The dispatch runs inside the production environment (its reviewers approved); the ALB's 5xx alarm fires in the bake.
        var before = world.Ecs.Simulator.ServiceDeployments.Count;
        var dispatch = Task.Run(() => pipeline.RunAsync(WorkflowEvent.Dispatch("promote")));
        var baking = await Eventually.TrueAsync(() => Task.FromResult(dispatch.IsCompleted
            || world.Ecs.Simulator.ServiceDeployments.Skip(before).Any(sd => sd.LifecycleStage == "BAKE_TIME")), TimeSpan.FromMinutes(5));
        Assert.True(baking && !dispatch.IsCompleted, "production's blue/green deployment never reached its bake");
        await world.SetAlarmAsync("ALARM", "Threshold Crossed: 1 datapoint [42.0] was greater than the threshold (10.0)");
        var jobs = await dispatch;

        Assert.Equal(["production/release production promote"], jobs.Select(j => j.ToString()));
        var job = jobs[0];
        Assert.True(job.Result == "failure", Logs(job));
        Assert.Contains("--yes", Logs(job));
        var result = Result(job);
        Assert.Equal("RolledBack", result.GetProperty("outcome").GetString());
        var steps = Steps(result);
        Assert.Equal("RolledBack", Outcome(steps["deploy-ecs:web"]));
        Assert.Contains(world.Alarm, steps["deploy-ecs:web"].GetProperty("message").GetString());
        foreach (var step in new[] { "snapshot-database", "migrate" })
            Assert.Equal("Succeeded", Outcome(steps[step]));

        // The snapshot came first and is there in RDS; the migration ran as a one-off task before the service moved.
        var snapshot = Assert.Single(await world.SnapshotsAsync());
        Assert.Equal(steps["snapshot-database"].GetProperty("outputs").GetProperty("snapshot").GetString(), snapshot);
        var production = world.Ecs.Simulator.Exchanges.Where(e => e.RequestJson.Contains("community-production", StringComparison.Ordinal)).ToList();
        var runTask = production.FindIndex(e => e.Operation == "RunTask");
        Assert.True(runTask >= 0 && runTask < production.FindIndex(e => e.Operation == "UpdateService"), string.Join(", ", production.Select(e => e.Operation)));
        Assert.Contains("-migrate", production[runTask].RequestJson);
        // Blue/green with the alarm wired for automatic rollback; the previous task definition serves again.
        var update = production.First(e => e.Operation == "UpdateService").RequestJson;
        Assert.Contains("\"strategy\":\"BLUE_GREEN\"", update);
        Assert.Contains(world.Alarm, update);
        Assert.Equal("ROLLBACK_SUCCESSFUL", world.Ecs.Simulator.ServiceDeployments.Last().Status);
        Assert.Equal(world.SeededTaskDefinitions["production"], await world.TaskDefinitionArnAsync("production"));
        Assert.NotEqual(staging, await world.ImageAsync("production"));
    }
}
