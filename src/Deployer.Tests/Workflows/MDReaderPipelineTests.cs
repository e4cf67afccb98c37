using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Tests.Examples;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Seed 003 (MDReader) as its team runs it: .github/workflows/mdreader.yml and release.yml, job by job
/// (<see cref="WorkflowRunner"/>), against the MDReader example's world (<see cref="MdReaderReleaseWorld"/>: the SAM API
/// stack on moto, Hocuspocus on the ECS simulator, the frontend on the Amplify simulator, PostgreSQL migrated by Alembic,
/// the GitHub ledger). The app's Python is set up by mdreader.yml's own test-setup and migration-setup: a virtualenv over
/// Debian's Python, whose python3-pytest, python3-alembic and python3-psycopg2 satisfy the requirements (no PyPI here).
/// One test per event of the seed; the two dispatches share one, as a rollback needs two promotions before it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MDReaderPipelineTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int PullRequest = 11;
    private static readonly string StagingStack = MdReaderReleaseWorld.Stack("staging");
    private static readonly string ProductionStack = MdReaderReleaseWorld.Stack("production");
    private static readonly string StagingSite = $"deploy-amplify:{MdReaderReleaseWorld.AppId}/staging";
    private static readonly string ProductionSite = $"deploy-amplify:{MdReaderReleaseWorld.AppId}/main";

    private WorkflowRunner Pipeline(MdReaderReleaseWorld world)
    {
        var runner = new WorkflowRunner("mdreader.yml", world.Root) { GitHubToken = GitHubTestbed.Token, Log = output.WriteLine };
        foreach (var (key, value) in world.Surface.Environment.Where(e => e.Key != "PATH")) runner.Environment[key] = value;
        return runner;
    }

    private static void Succeeded(IReadOnlyList<WorkflowJob> jobs)
    {
        foreach (var job in jobs)
            Assert.True(job.Result == "success", $"{job}: {job.Result}\n" + string.Join('\n', job.Actions.Select(a => a.Log)));
    }

    private static JsonElement Steps(WorkflowJob release)
    {
        using var result = JsonDocument.Parse(File.ReadAllText(release.Actions.Single().Outputs["result-file"]));
        return result.RootElement.Clone();
    }

    private static string StepOutcome(JsonElement result, string id) =>
        result.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("outcome").GetString()!;

    private static async Task<string> ImageAsync(MdReaderReleaseWorld world, string cluster) =>
        (await world.Ecs.LiveTaskDefinitionAsync("mdreader-hocuspocus", cluster))["containerDefinitions"]![0]!["image"]!.GetValue<string>();

    private static async Task<string> ServedAsync(MdReaderReleaseWorld world, string branch, string file = "api-url.txt")
    {
        using var http = new HttpClient();
        return (await http.GetStringAsync(new Uri(world.Amplify.SiteUrl(MdReaderReleaseWorld.AppId, branch), file))).Trim();
    }

    private static async Task<string> StackStatusAsync(MdReaderReleaseWorld world, string stack) =>
        (await world.Aws.CloudFormation.DescribeStackAsync(stack, CancellationToken.None))!.Status;

    private static string Target(JsonElement release, string id) =>
        release.GetProperty("payload").GetProperty("targets").GetProperty(id).GetString()!;

    [Fact]
    public async Task A_pull_request_runs_the_frontend_and_backend_tests_and_comments_the_staging_plan()
    {
        await using var world = await MdReaderReleaseWorld.StartAsync(postgres, setUpPython: false);
        world.GitHub.Simulator.OpenPullRequest(GitHubTestbed.Repository, PullRequest);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.PullRequest with { Ref = $"refs/pull/{PullRequest}/merge" });

        Assert.Equal(["pull-request/test staging plan", "pull-request/plan staging plan"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        // pytest ran the example's backend tests with the virtualenv the test-setup made and put on PATH.
        var tests = string.Join('\n', jobs[0].Actions.Select(a => a.Log));
        Assert.Matches(@"\b2 passed\b", tests);
        Assert.Contains("Requirement already satisfied: pytest", string.Join('\n', pipeline.BashLogs));
        var comment = Assert.Single(await world.GitHub.Octokit().Issue.Comment.GetAllForIssue("acme", "shop", PullRequest));
        foreach (var step in new[] { "migrate", $"deploy-sam:{StagingStack}", "deploy-ecs:mdreader-hocuspocus", StagingSite, "verify" })
            Assert.Contains(step, comment.Body);
        // A pull request releases nothing: no release, the stack, the service, the site and the database as they were.
        Assert.Empty(await world.LedgerAsync());
        Assert.Equal("CREATE_COMPLETE", await StackStatusAsync(world, StagingStack));
        Assert.Equal("mdreader/hocuspocus:before-deployer", await ImageAsync(world, "mdreader-staging"));
        Assert.Empty(world.Amplify.Jobs(MdReaderReleaseWorld.AppId, "staging"));
        Assert.Equal(0L, await postgres.ScalarAsync(world.Databases["staging"], "select count(*) from information_schema.tables where table_name = 'alembic_version'"));
        // The plan job, on a runner of its own, sets up the migrations' virtualenv too: the plan previews their SQL with it.
        Assert.Equal(2, pipeline.BashLogs.Count);
        Assert.Contains("Requirement already satisfied", pipeline.BashLogs[1]);
        Assert.DoesNotContain(GitHubTestbed.Token, comment.Body + string.Join('\n', jobs.SelectMany(j => j.Actions).Select(a => a.Everything)));
    }

    [Fact]
    public async Task A_push_to_main_releases_staging_the_SAM_stack_Hocuspocus_and_the_Amplify_frontend_migrated_verified_and_recorded()
    {
        await using var world = await MdReaderReleaseWorld.StartAsync(postgres, setUpPython: false);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Push("main"));

        Assert.Equal(["staging/test staging deploy", "staging/release staging deploy"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.Matches(@"\b2 passed\b", string.Join('\n', jobs[0].Actions.Select(a => a.Log)));
        var release = jobs[1];
        var result = Steps(release);
        Assert.Equal("Succeeded", result.GetProperty("outcome").GetString());
        foreach (var step in new[] { "migrate", $"deploy-sam:{StagingStack}", "deploy-ecs:mdreader-hocuspocus", $"build-amplify:{MdReaderReleaseWorld.AppId}/staging", StagingSite, "verify" })
            Assert.True(StepOutcome(result, step) == "Succeeded", $"{step}: {StepOutcome(result, step)}");
        // Alembic ran with the virtualenv's Python (migrations.python), which the release job's migration-setup made.
        Assert.True(File.Exists(Path.Combine(world.Root, ".venv", "bin", "python")));
        Assert.Equal("b2", await postgres.ScalarAsync(world.Databases["staging"], "select version_num from alembic_version"));
        Assert.Equal("UPDATE_COMPLETE", await StackStatusAsync(world, StagingStack));
        var apiUrl = (await world.Aws.CloudFormation.DescribeStackAsync(StagingStack, CancellationToken.None))!.Outputs["ApiUrl"];
        Assert.Equal(apiUrl, await ServedAsync(world, "staging")); // built after the stack, with its output
        var digest = JsonNode.Parse(release.Outputs["digests"])!["hocuspocus"]!.GetValue<string>();
        Assert.EndsWith("@" + digest, await ImageAsync(world, "mdreader-staging"));
        Assert.Equal("mdreader/hocuspocus:before-deployer", await ImageAsync(world, "mdreader-production")); // production untouched
        var recorded = Assert.Single(await world.LedgerAsync());
        Assert.Equal(("staging", world.Sha, release.Outputs["release-id"]),
            (recorded.GetProperty("environment").GetString(), recorded.GetProperty("sha").GetString(), recorded.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(apiUrl, Target(recorded, $"output:sam.{StagingStack}.ApiUrl"));
        var status = (await world.GitHub.Octokit().Repository.Deployment.Status.GetAll("acme", "shop", recorded.GetProperty("id").GetInt64())).First();
        Assert.Equal(Octokit.DeploymentState.Success, status.State.Value); // verified
    }

    [Fact]
    public async Task Workflow_dispatch_promotes_exactly_what_staging_verified_and_a_rollback_dispatch_puts_production_back()
    {
        await using var world = await MdReaderReleaseWorld.StartAsync(postgres, setUpPython: false);
        using var pipeline = Pipeline(world);
        var push = await pipeline.RunAsync(WorkflowEvent.Push("main"));
        Succeeded(push);
        var staging = push.Single(j => j.Job == "release");

        var promote = await pipeline.RunAsync(WorkflowEvent.Dispatch("promote"));

        Assert.Equal(["production/release production promote"], promote.Select(j => j.ToString()));
        Succeeded(promote);
        var production = promote[0];
        Assert.Contains("--yes", production.Actions.Single().Log); // approved inside its environment job
        Assert.Equal(JsonNode.Parse(staging.Outputs["digests"])!.ToJsonString(), JsonNode.Parse(production.Outputs["digests"])!.ToJsonString());
        var first = await ImageAsync(world, "mdreader-production");
        Assert.Equal(await ImageAsync(world, "mdreader-staging"), first);
        var ledger = await world.LedgerAsync();
        Assert.Equal(["production", "staging"], ledger.Select(d => d.GetProperty("environment").GetString()));
        Assert.Equal(world.Sha, ledger[0].GetProperty("sha").GetString());
        // The packaged template (and so the function's code) staging verified, deployed again with production's parameters.
        Assert.Equal(Target(ledger[1], $"deploy-sam:{StagingStack}"), Target(ledger[0], $"deploy-sam:{ProductionStack}"));
        Assert.Equal("UPDATE_COMPLETE", await StackStatusAsync(world, ProductionStack));
        // The frontend reads a stack output, so it is built again for production, with production's URL.
        var productionApi = (await world.Aws.CloudFormation.DescribeStackAsync(ProductionStack, CancellationToken.None))!.Outputs["ApiUrl"];
        Assert.Equal(productionApi, await ServedAsync(world, "main"));
        Assert.Equal("b2", await postgres.ScalarAsync(world.Databases["production"], "select version_num from alembic_version"));
        var firstRelease = ledger[0];

        // The next commit (the API's code changes, so does its image) goes through staging and is promoted; then rolled back.
        await world.CommitApiChangeAsync("second");
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Push("main")));
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Dispatch("promote")));
        var second = (await world.LedgerAsync())[0];
        Assert.Equal(("production", world.Sha), (second.GetProperty("environment").GetString(), second.GetProperty("sha").GetString()));
        Assert.NotEqual(first, await ImageAsync(world, "mdreader-production"));
        Assert.NotEqual(Target(firstRelease, $"deploy-sam:{ProductionStack}"), Target(second, $"deploy-sam:{ProductionStack}"));

        var rollback = await pipeline.RunAsync(WorkflowEvent.Dispatch("rollback"));

        Assert.Equal(["production/release production rollback"], rollback.Select(j => j.ToString()));
        Succeeded(rollback);
        Assert.Equal(first, await ImageAsync(world, "mdreader-production"));
        var newest = (await world.LedgerAsync())[0];
        Assert.Equal(("production", firstRelease.GetProperty("sha").GetString()), (newest.GetProperty("environment").GetString(), newest.GetProperty("sha").GetString()));
        Assert.Equal(newest.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), rollback[0].Outputs["release-id"]);
        Assert.Equal(Target(firstRelease, $"deploy-sam:{ProductionStack}"), Target(newest, $"deploy-sam:{ProductionStack}"));
        Assert.Equal("UPDATE_COMPLETE", await StackStatusAsync(world, ProductionStack));
        Assert.Equal(productionApi, await ServedAsync(world, "main"));
    }
}
