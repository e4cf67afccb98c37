using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Tests.Examples;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Seed 001 (SaaS) as its team runs it: .github/workflows/saas.yml and release.yml, job by job (<see cref="WorkflowRunner"/>),
/// against the SaaS example's world (<see cref="SaasReleaseWorld"/>: ECS simulator with backend and worker, PostgreSQL
/// migrated by the example's Alembic project, ECR and Secrets Manager on moto, the Vercel and GitHub simulators).
/// One test per event of the seed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SaasPipelineTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int PullRequest = 7;

    // The app's Python is set up by saas.yml's own test-setup and migration-setup (a virtualenv over Debian's Python:
    // python3-pytest, python3-alembic and python3-psycopg2 satisfy the requirements, as PyPI is out of reach here).
    private static Task<SaasReleaseWorld> StartAsync(PostgresServer postgres) => SaasReleaseWorld.StartAsync(postgres, setUpPython: false);

    private WorkflowRunner Pipeline(SaasReleaseWorld world)
    {
        var runner = new WorkflowRunner("saas.yml", world.Root) { GitHubToken = GitHubTestbed.Token, Log = output.WriteLine };
        foreach (var (key, value) in world.Surface.Environment.Where(e => e.Key != "PATH")) runner.Environment[key] = value;
        // The runner's ruff, which the test-setup then does not install from PyPI: Ruff 0.17.3 itself, compiled to
        // WebAssembly (npm's @astral-sh/ruff-wasm-nodejs, run by tools/ruff-wasm).
        runner.Environment["PATH"] = Repository.PathOf("tools", "ruff-wasm") + ":" + System.Environment.GetEnvironmentVariable("PATH");
        runner.Secrets["VERCEL_TOKEN"] = "vercel-saas-token";
        return runner;
    }

    private static void Succeeded(IReadOnlyList<WorkflowJob> jobs)
    {
        foreach (var job in jobs)
            Assert.True(job.Result == "success", $"{job}: {job.Result}\n" + string.Join('\n', job.Actions.Select(a => a.Log)));
    }

    private static JsonObject Digests(WorkflowJob job) => JsonNode.Parse(job.Outputs["digests"])!.AsObject();

    private static async Task<string> ImageAsync(SaasReleaseWorld world, string cluster, string service) =>
        (await world.Ecs.LiveTaskDefinitionAsync(service, cluster))["containerDefinitions"]![0]!["image"]!.GetValue<string>();

    [Fact]
    public async Task A_pull_request_runs_pytest_and_ruff_and_comments_the_staging_plan_with_the_Vercel_preview_URL_built_against_the_staging_backend()
    {
        await using var world = await StartAsync(postgres);
        world.GitHub.Simulator.OpenPullRequest(GitHubTestbed.Repository, PullRequest);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.PullRequest);

        Assert.Equal(["pull-request/test staging plan", "pull-request/plan staging plan"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        // pytest ran the example's tests in the virtualenv the test-setup made; ruff checked the backend.
        var tests = string.Join('\n', jobs[0].Actions.Select(a => a.Log));
        Assert.Matches(@"\b4 passed\b", tests);
        Assert.Contains("All checks passed! (5 files, Ruff 0.17.3 wasm)", tests);
        Assert.Contains("Requirement already satisfied: pytest", string.Join('\n', pipeline.BashLogs));
        Assert.True(File.Exists(Path.Combine(world.Root, ".venv", "pyvenv.cfg")));
        var preview = Assert.Single(world.Vercel.Deployments);
        Assert.False(preview.Production);
        // The seed's "feature branch → PR preview (Vercel) + staging backend": the preview is built against staging's API.
        Assert.Equal("https://api.staging.saas.example.com", preview.Env["NEXT_PUBLIC_API_URL"]);
        Assert.Null(world.Vercel.ProductionOf(SaasReleaseWorld.Project));
        var url = "https://" + preview.Url;
        Assert.Equal(url, JsonNode.Parse(jobs[1].Outputs["preview-urls"])![SaasReleaseWorld.Project]!.GetValue<string>());
        var comment = Assert.Single(await world.GitHub.Octokit().Issue.Comment.GetAllForIssue("acme", "shop", PullRequest));
        Assert.Contains($"**Preview** `deploy-vercel:{SaasReleaseWorld.Project}`: {url}", comment.Body);
        foreach (var step in new[] { "migrate", "deploy-ecs:backend", "deploy-ecs:worker", "verify" })
            Assert.Contains(step, comment.Body); // the whole staging plan, not only the preview's slice
        // The plan job, on a runner of its own, sets up the migrations' virtualenv too: the plan previews their SQL with it.
        Assert.Equal(2, pipeline.BashLogs.Count);
        Assert.Contains("Requirement already satisfied", pipeline.BashLogs[1]);
        // A pull request releases nothing: no release in the ledger, staging's services and database as they were.
        Assert.DoesNotContain(await world.LedgerAsync(), d => d.GetProperty("environment").GetString() == "staging");
        foreach (var service in new[] { "backend", "worker" })
            Assert.Equal(world.SeededTaskDefinitions[$"saas-staging/{service}"], await world.LiveTaskDefinitionAsync("saas-staging", service));
        Assert.Equal(0L, await postgres.ScalarAsync(world.Databases["staging"], "select count(*) from information_schema.tables where table_name = 'alembic_version'"));
        Assert.DoesNotContain(GitHubTestbed.Token, comment.Body + string.Join('\n', jobs.SelectMany(j => j.Actions).Select(a => a.Everything)));
    }

    [Fact]
    public async Task A_push_to_main_releases_staging_automatically_migrations_backend_worker_frontend_verified_and_recorded()
    {
        await using var world = await StartAsync(postgres);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Push("main"));

        Assert.Equal(["staging/test staging deploy", "staging/release staging deploy"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        var release = jobs[1];
        Assert.Contains("--yes", release.Actions.Single().Log); // staging has no approval; --yes is harmless
        using var result = JsonDocument.Parse(File.ReadAllText(release.Actions.Single().Outputs["result-file"]));
        Assert.Equal("Succeeded", result.RootElement.GetProperty("outcome").GetString());
        var steps = result.RootElement.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("outcome").GetString());
        foreach (var step in new[] { "migrate", "deploy-ecs:backend", "deploy-ecs:worker", $"deploy-vercel:{SaasReleaseWorld.Project}", "verify" })
            Assert.Equal("Succeeded", steps[step]);
        Assert.Equal("0003", await postgres.ScalarAsync(world.Databases["staging"], "select version_num from alembic_version"));
        var digest = Digests(release)["backend"]!.GetValue<string>();
        foreach (var service in new[] { "backend", "worker" })
            Assert.EndsWith("@" + digest, await ImageAsync(world, "saas-staging", service));
        var frontend = Assert.Single(world.Vercel.Deployments);
        Assert.Equal(["staging.saas.example.com"], world.Vercel.AliasesOf(frontend.Id));
        var recorded = Assert.Single(await world.LedgerAsync());
        Assert.Equal(("staging", world.Sha, release.Outputs["release-id"]),
            (recorded.GetProperty("environment").GetString(), recorded.GetProperty("sha").GetString(), recorded.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var status = (await world.GitHub.Octokit().Repository.Deployment.Status.GetAll("acme", "shop", recorded.GetProperty("id").GetInt64())).First();
        Assert.Equal(Octokit.DeploymentState.Success, status.State.Value); // verified
    }

    [Fact]
    public async Task Workflow_dispatch_promotes_to_production_exactly_the_digests_and_frontend_staging_verified()
    {
        await using var world = await StartAsync(postgres);
        using var pipeline = Pipeline(world);
        var push = await pipeline.RunAsync(WorkflowEvent.Push("main"));
        Succeeded(push);
        var staging = push.Single(j => j.Job == "release");
        var stagingFrontend = Assert.Single(world.Vercel.Deployments);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Dispatch("promote"));

        Assert.Equal(["production/release production promote"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        var production = jobs[0];
        Assert.Contains("--yes", production.Actions.Single().Log); // approved inside its environment job
        Assert.Equal(Digests(staging).ToJsonString(), Digests(production).ToJsonString());
        foreach (var service in new[] { "backend", "worker" })
            Assert.Equal(await ImageAsync(world, "saas-staging", service), await ImageAsync(world, "saas-production", service));
        // Staging's bundle baked staging's API URL: production gets staging's very files, rebuilt with its own settings.
        var frontend = world.Vercel.Deployments.Single(d => d.Production);
        Assert.Equal(stagingFrontend.Id, frontend.RedeployOf);
        Assert.Equal(stagingFrontend.Files, frontend.Files);
        Assert.Equal(frontend.Id, world.Vercel.ProductionOf(SaasReleaseWorld.Project));
        Assert.Equal("0003", await postgres.ScalarAsync(world.Databases["production"], "select version_num from alembic_version"));
        var ledger = await world.LedgerAsync();
        Assert.Equal(["production", "staging"], ledger.Select(d => d.GetProperty("environment").GetString()));
        Assert.Equal(world.Sha, ledger[0].GetProperty("sha").GetString());
        Assert.Equal(frontend.Id, ledger[0].GetProperty("payload").GetProperty("targets").GetProperty($"deploy-vercel:{SaasReleaseWorld.Project}").GetString());
        Assert.NotEqual(staging.Outputs["release-id"], production.Outputs["release-id"]);
    }

    [Fact]
    public async Task Workflow_dispatch_rollback_puts_production_back_to_its_previous_verified_release()
    {
        await using var world = await StartAsync(postgres);
        using var pipeline = Pipeline(world);
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Push("main")));
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Dispatch("promote")));
        var first = (Image: await ImageAsync(world, "saas-production", "backend"), Frontend: world.Vercel.ProductionOf(SaasReleaseWorld.Project), world.Sha);
        await world.CommitAsync("<h1>SaaS, second</h1>");
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Push("main")));
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Dispatch("promote")));
        Assert.NotEqual(first.Image, await ImageAsync(world, "saas-production", "backend"));
        Assert.NotEqual(first.Frontend, world.Vercel.ProductionOf(SaasReleaseWorld.Project));

        var jobs = await pipeline.RunAsync(WorkflowEvent.Dispatch("rollback"));

        Assert.Equal(["production/release production rollback"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        foreach (var service in new[] { "backend", "worker" })
            Assert.Equal(first.Image, await ImageAsync(world, "saas-production", service));
        Assert.Equal(first.Frontend, world.Vercel.ProductionOf(SaasReleaseWorld.Project));
        var newest = (await world.LedgerAsync())[0];
        Assert.Equal(("production", first.Sha), (newest.GetProperty("environment").GetString(), newest.GetProperty("sha").GetString()));
        Assert.Equal(newest.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), jobs[0].Outputs["release-id"]);
    }
}
