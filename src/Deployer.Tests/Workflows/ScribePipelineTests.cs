using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Seed 000 (Scribe) as its team runs it: .github/workflows/scribe.yml and release.yml, job by job
/// (<see cref="WorkflowRunner"/>), against the Scribe example (examples/scribe: its Rust API crate, its frontend, its
/// description) in <see cref="ScribeWorld"/>: cargo and npm really test it, buildah builds the API image and pushes it
/// to ECR (docker-registry + moto), the ECS simulator runs the API and Qdrant, the Vercel simulator the frontend, the
/// GitHub simulator keeps the ledger and the pull request's comment. One test per event of the seed.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class ScribePipelineTests(MotoServer moto, ITestOutputHelper output)
{
    private const int PullRequest = 9;

    private WorkflowRunner Pipeline(ScribeWorld world)
    {
        var runner = PipelineRuns.Start("scribe.yml", world.Root, world.Ecs.Surface.Environment, world.Sha, output);
        runner.Secrets["VERCEL_TOKEN"] = ScribeWorld.VercelToken;
        return runner;
    }

    private static string Logs(WorkflowJob job) => PipelineRuns.Logs(job);

    private static void Succeeded(IReadOnlyList<WorkflowJob> jobs) => PipelineRuns.Succeeded(jobs);

    private static Dictionary<string, string> Steps(WorkflowJob job)
    {
        using var result = JsonDocument.Parse(File.ReadAllText(job.Actions.Last().Outputs["result-file"]));
        Assert.Equal("Succeeded", result.RootElement.GetProperty("outcome").GetString());
        return result.RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("outcome").GetString()!);
    }

    private static JsonObject Digests(WorkflowJob job) => JsonNode.Parse(job.Outputs["digests"])!.AsObject();

    /// <summary>
    /// Qdrant's single-writer rule, as ECS recorded it: the service allows 0 % – 100 % of one task, it was replaced (so the
    /// rule was exercised), and no task was created before the one it replaced had been told to stop.
    /// </summary>
    private static async Task OneQdrantTaskAtATimeAsync(ScribeWorld world, string environment)
    {
        var configuration = (await world.Ecs.ServiceAsync("qdrant", $"scribe-{environment}"))["deploymentConfiguration"]!;
        Assert.Equal((0, 100), (configuration["minimumHealthyPercent"]!.GetValue<int>(), configuration["maximumPercent"]!.GetValue<int>()));
        var tasks = (await world.TasksAsync(environment, "qdrant")).OrderBy(t => t["createdAt"]!.GetValue<double>()).ToList();
        Assert.True(tasks.Count >= 2, $"Qdrant in {environment} was never replaced: {tasks.Count} task(s)");
        for (var i = 1; i < tasks.Count; i++)
        {
            var previous = tasks[i - 1]["stoppingAt"]?.GetValue<double>();
            Assert.True(previous is { } stopping && stopping <= tasks[i]["createdAt"]!.GetValue<double>(),
                $"two Qdrant tasks at once in {environment}: {tasks[i]["taskArn"]} created at {tasks[i]["createdAt"]}, before {tasks[i - 1]["taskArn"]} stopped ({previous?.ToString() ?? "never"})");
        }
        Assert.Single(tasks, t => t["desiredStatus"]!.GetValue<string>() == "RUNNING");
    }

    [Fact]
    public async Task A_pull_request_runs_cargo_test_and_npm_test_and_comments_the_staging_plan_with_the_Vercel_preview_URL()
    {
        await using var world = await ScribeWorld.StartAsync(moto, output);
        world.GitHub.Simulator.OpenPullRequest(GitHubTestbed.Repository, PullRequest);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.PullRequest with { Ref = $"refs/pull/{PullRequest}/merge" });

        Assert.Equal(["pull-request/test staging plan", "pull-request/plan staging plan"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        // The example's own tests ran: the API crate's two cargo tests and the frontend's two node tests.
        var tests = Logs(jobs[0]);
        Assert.Contains("cargo test --locked", tests);
        Assert.Contains("test result: ok. 2 passed; 0 failed", tests);
        Assert.Contains("npm ci && npm test", tests);
        Assert.Matches(@"# pass 2\s+# fail 0", tests);
        // One preview deployment of the pull request, not production, its URL in the plan comment and the job's output.
        var preview = Assert.Single(world.Vercel.Deployments);
        Assert.False(preview.Production);
        Assert.Null(world.Vercel.ProductionOf(ScribeWorld.Project));
        var url = "https://" + preview.Url;
        Assert.Equal(url, JsonNode.Parse(jobs[1].Outputs["preview-urls"])![ScribeWorld.Project]!.GetValue<string>());
        var comment = Assert.Single(await world.GitHub.Octokit().Issue.Comment.GetAllForIssue("acme", "shop", PullRequest));
        Assert.Contains($"**Preview** `deploy-vercel:{ScribeWorld.Project}`: {url}", comment.Body);
        foreach (var step in new[] { "deploy-ecs:api", "deploy-ecs:qdrant", "verify" })
            Assert.Contains(step, comment.Body); // the whole staging plan, not only the preview's slice
        // A pull request releases nothing: no image pushed, no release recorded, staging's services as they were.
        Assert.Empty(world.Front.Pushed);
        // The preview is a transient GitHub deployment of its own (the pull request's "View deployment"), never a release.
        var deployment = Assert.Single(await world.LedgerAsync());
        Assert.Equal(($"preview pr-{PullRequest} deploy-vercel:{ScribeWorld.Project}", true), (deployment.GetProperty("environment").GetString(), deployment.GetProperty("transient_environment").GetBoolean()));
        foreach (var service in ScribeWorld.Services)
            Assert.Equal(world.SeededTaskDefinitions[$"scribe-staging/{service}"], await world.TaskDefinitionArnAsync("staging", service));
        Assert.DoesNotContain(GitHubTestbed.Token, comment.Body + string.Join('\n', jobs.SelectMany(j => j.Actions).Select(a => a.Everything)));
    }

    [Fact]
    public async Task A_push_to_main_tests_pushes_the_Rust_API_image_to_ECR_runs_the_API_and_one_Qdrant_task_on_Fargate_and_the_frontend_on_Vercel_verified()
    {
        await using var world = await ScribeWorld.StartAsync(moto, output);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Push("main"));

        Assert.Equal(["staging/test staging deploy", "staging/release staging deploy"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.Contains("test result: ok. 2 passed; 0 failed", Logs(jobs[0]));
        var release = jobs[1];
        var steps = Steps(release);
        foreach (var step in new[] { "deploy-ecs:api", "deploy-ecs:qdrant", $"deploy-vercel:{ScribeWorld.Project}", "verify" })
            Assert.Equal("Succeeded", steps[step]);
        Assert.All(steps, s => Assert.Equal("Succeeded", s.Value));
        // The API image: built by buildah from the example's Dockerfile, pushed to ECR under the commit, run by staging.
        var pushed = Assert.Single(world.Front.Pushed);
        Assert.StartsWith($"{world.Repository}:{world.Sha}@sha256:", pushed);
        var digest = Digests(release)["api"]!.GetValue<string>();
        Assert.EndsWith("@" + digest, pushed);
        Assert.EndsWith("@" + digest, await world.ImageAsync("staging", "api"));
        var api = await world.Ecs.LiveTaskDefinitionAsync("api", "scribe-staging");
        var secrets = api["containerDefinitions"]![0]!["secrets"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["valueFrom"]!.GetValue<string>());
        Assert.Equal(["DATABASE_URL", "OAUTH_CLIENT_SECRET", "REDIS_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"], secrets.Keys.Order());
        Assert.Contains($"{world.SecretPrefix}/staging/database", secrets["DATABASE_URL"]);
        // Qdrant: the pinned upstream image, one writer on its data at every moment of the rollout.
        Assert.Equal("qdrant/qdrant:v1.12.4", await world.ImageAsync("staging", "qdrant"));
        await OneQdrantTaskAtATimeAsync(world, "staging");
        // The frontend: a Vercel deployment aliased to the staging host, not production.
        var frontend = Assert.Single(world.Vercel.Deployments);
        Assert.False(frontend.Production);
        Assert.Equal(["staging.scribe.example.com"], world.Vercel.AliasesOf(frontend.Id));
        // Recorded and verified.
        var recorded = Assert.Single(await world.LedgerAsync());
        Assert.Equal(("staging", world.Sha, release.Outputs["release-id"]),
            (recorded.GetProperty("environment").GetString(), recorded.GetProperty("sha").GetString(), ScribeWorld.Id(recorded)));
        var status = (await world.GitHub.Octokit().Repository.Deployment.Status.GetAll("acme", "shop", recorded.GetProperty("id").GetInt64())).First();
        Assert.Equal(Octokit.DeploymentState.Success, status.State.Value);
        // Production untouched.
        foreach (var service in ScribeWorld.Services)
            Assert.Equal(world.SeededTaskDefinitions[$"scribe-production/{service}"], await world.TaskDefinitionArnAsync("production", service));
    }

    [Fact]
    public async Task Workflow_dispatch_promotes_to_production_exactly_the_image_and_Vercel_deployment_staging_verified_behind_its_approval()
    {
        await using var world = await ScribeWorld.StartAsync(moto, output);
        using var pipeline = Pipeline(world);
        var push = await pipeline.RunAsync(WorkflowEvent.Push("main"));
        Succeeded(push);
        var staging = push.Single(j => j.Job == "release");
        var stagingFrontend = Assert.Single(world.Vercel.Deployments);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Dispatch("promote"));

        Assert.Equal(["production/release production promote"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        var production = jobs[0];
        Assert.Contains("--yes", production.Actions.Single().Log); // approved inside its environment job, nowhere else
        Assert.DoesNotContain("--yes", Logs(push.Single(j => j.Job == "test")));
        Assert.Equal(Digests(staging).ToJsonString(), Digests(production).ToJsonString());
        Assert.Equal(await world.ImageAsync("staging", "api"), await world.ImageAsync("production", "api"));
        Assert.Single(world.Front.Pushed); // nothing rebuilt
        Assert.Equal(2, (await world.Ecs.ServiceAsync("api", "scribe-production"))["desiredCount"]!.GetValue<int>());
        Assert.Equal("qdrant/qdrant:v1.12.4", await world.ImageAsync("production", "qdrant"));
        await OneQdrantTaskAtATimeAsync(world, "production");
        // Staging's very files, redeployed as production with production's settings.
        var frontend = world.Vercel.Deployments.Single(d => d.Production);
        Assert.Equal(stagingFrontend.Id, frontend.RedeployOf);
        Assert.Equal(stagingFrontend.Files, frontend.Files);
        Assert.Equal(frontend.Id, world.Vercel.ProductionOf(ScribeWorld.Project));
        var ledger = await world.LedgerAsync();
        Assert.Equal(["production", "staging"], ledger.Select(d => d.GetProperty("environment").GetString()));
        Assert.Equal(world.Sha, ledger[0].GetProperty("sha").GetString());
        Assert.Equal(production.Outputs["release-id"], ScribeWorld.Id(ledger[0]));
        Assert.Equal(frontend.Id, ledger[0].GetProperty("payload").GetProperty("targets").GetProperty($"deploy-vercel:{ScribeWorld.Project}").GetString());
    }

    [Fact]
    public async Task Workflow_dispatch_rollback_puts_production_back_to_its_previous_verified_release()
    {
        await using var world = await ScribeWorld.StartAsync(moto, output);
        using var pipeline = Pipeline(world);
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Push("main")));
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Dispatch("promote")));
        var first = (Image: await world.ImageAsync("production", "api"), Frontend: world.Vercel.ProductionOf(ScribeWorld.Project), world.Sha);
        await world.NextVersionAsync("0.2.0");
        pipeline.Environment["GITHUB_SHA"] = world.Sha;
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Push("main")));
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Dispatch("promote")));
        Assert.Equal(2, world.Front.Pushed.Count);
        Assert.NotEqual(first.Image, await world.ImageAsync("production", "api"));
        Assert.NotEqual(first.Frontend, world.Vercel.ProductionOf(ScribeWorld.Project));

        var jobs = await pipeline.RunAsync(WorkflowEvent.Dispatch("rollback"));

        Assert.Equal(["production/release production rollback"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.Contains("--yes", jobs[0].Actions.Single().Log);
        Assert.Equal(first.Image, await world.ImageAsync("production", "api"));
        Assert.Equal("qdrant/qdrant:v1.12.4", await world.ImageAsync("production", "qdrant"));
        Assert.Equal(first.Frontend, world.Vercel.ProductionOf(ScribeWorld.Project));
        var newest = (await world.LedgerAsync())[0];
        Assert.Equal(("production", first.Sha), (newest.GetProperty("environment").GetString(), newest.GetProperty("sha").GetString()));
        Assert.Equal(ScribeWorld.Id(newest), jobs[0].Outputs["release-id"]);
        Assert.Equal(2, world.Front.Pushed.Count); // a rollback builds nothing
    }
}
