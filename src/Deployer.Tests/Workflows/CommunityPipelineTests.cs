using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Workflows;

/// <summary>
/// Seed 002 (Community) as its team runs it: .github/workflows/community.yml and release.yml, job by job
/// (<see cref="WorkflowRunner"/>), against the ECS simulator (one cluster per environment, the web service running
/// before Deployer) and the GitHub simulator (release ledger, plan comments). The description follows
/// examples/community/deploy.yml (dev, staging and production behind approval, production blue/green with a bake) with
/// the image given by URI (no registry here) and the database left out (its snapshot and ECS-task migration are tested
/// on their own). One test per event of the seed.
/// </summary>
public sealed class CommunityPipelineTests(ITestOutputHelper output)
{
    private const int PullRequest = 12;

    private static string Description => """
        app: community
        test:
          - { name: lint, run: "grep -q 'app: community' deploy.yml" }
          - { name: unit tests, run: "test -s deploy.yml" }
        environments:
          dev:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: community-dev
            services: [{ name: web, imageUri: "example/web:2", desiredCount: 1 }]
          staging:
            approval: { required: true, reviewers: [community/qa] }
            aws: { account: "123456789012", region: us-east-1 }
            cluster: community-staging
            services: [{ name: web, imageUri: "example/web:2", desiredCount: 2 }]
          production:
            promotesFrom: staging
            approval: { required: true, reviewers: [community/product-owners, community/ops] }
            aws: { account: "123456789012", region: us-east-1 }
            cluster: community-production
            services:
              - { name: web, imageUri: "example/web:2", desiredCount: 2, strategy: blueGreen, bakeMinutes: 1, circuitBreaker: true }
        """;

    private sealed class World : IAsyncDisposable
    {
        public required EcsWorld Ecs { get; init; }
        public required GitHubTestbed GitHub { get; init; }

        public async ValueTask DisposeAsync()
        {
            await GitHub.DisposeAsync();
            await Ecs.DisposeAsync();
        }
    }

    private static async Task<World> StartAsync()
    {
        var world = new World { Ecs = await EcsWorld.StartAsync(cluster: "community-dev"), GitHub = await GitHubTestbed.StartAsync() };
        foreach (var cluster in new[] { "community-staging", "community-production" })
            await world.Ecs.Wire.CallAsync("CreateCluster", new { clusterName = cluster });
        foreach (var cluster in new[] { "community-dev", "community-staging", "community-production" })
            await world.Ecs.SeedServiceAsync("web", "example/web:1", 1, cluster);
        world.Ecs.Describe(Description);
        foreach (var (name, value) in world.GitHub.Environment) world.Ecs.Surface.Environment[name] = value;
        return world;
    }

    private WorkflowRunner Pipeline(World world)
    {
        var runner = new WorkflowRunner("community.yml", world.Ecs.Surface.Root) { GitHubToken = GitHubTestbed.Token, Log = output.WriteLine };
        foreach (var (key, value) in world.Ecs.Surface.Environment.Where(e => e.Key != "PATH")) runner.Environment[key] = value;
        return runner;
    }

    private static void Succeeded(IReadOnlyList<WorkflowJob> jobs)
    {
        foreach (var job in jobs)
            Assert.True(job.Result == "success", $"{job}: {job.Result}\n" + string.Join('\n', job.Actions.Select(a => a.Log)));
    }

    private static async Task<string> ImageAsync(World world, string environment) =>
        (await world.Ecs.LiveTaskDefinitionAsync("web", $"community-{environment}"))["containerDefinitions"]![0]!["image"]!.GetValue<string>();

    /// <summary>The ledger's releases of an environment as the API answers them (Octokit cannot read their payload).</summary>
    private static async Task<IReadOnlyList<System.Text.Json.JsonElement>> ReleasesAsync(World world, string? environment = null)
    {
        using var http = new HttpClient { BaseAddress = world.GitHub.Simulator.Endpoint };
        http.DefaultRequestHeaders.Authorization = new("Bearer", GitHubTestbed.Token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("deployer-tests");
        using var list = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("repos/acme/shop/deployments?per_page=100"));
        return [.. list.RootElement.EnumerateArray().Select(d => d.Clone())
            .Where(d => environment is null || d.GetProperty("environment").GetString() == environment)];
    }

    [Fact]
    public async Task A_pull_request_runs_the_unit_tests_and_lint_builds_the_images_and_comments_the_dev_plan()
    {
        await using var world = await StartAsync();
        world.GitHub.Simulator.OpenPullRequest(GitHubTestbed.Repository, PullRequest);
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.PullRequest with { Ref = $"refs/pull/{PullRequest}/merge" });

        Assert.Equal(["pull-request/test dev plan", "pull-request/plan dev plan"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.Contains(jobs[0].Actions, a => a.Log.Contains("./build.sh Test", StringComparison.Ordinal));
        Assert.Contains(jobs[0].Actions, a => a.Log.Contains("./build.sh BuildImage", StringComparison.Ordinal)); // built, not pushed
        var comment = Assert.Single(await world.GitHub.Octokit().Issue.Comment.GetAllForIssue("acme", "shop", PullRequest));
        Assert.Contains("deploy-ecs:web", comment.Body);
        Assert.Contains("example/web:2", comment.Body);
        // A pull request changes nothing: every environment still runs what it ran, no release recorded.
        foreach (var environment in new[] { "dev", "staging", "production" })
            Assert.Equal("example/web:1", await ImageAsync(world, environment));
        Assert.Empty(await ReleasesAsync(world));
    }

    [Fact]
    public async Task A_push_to_a_development_branch_deploys_dev_without_rerunning_the_tests()
    {
        await using var world = await StartAsync();
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Push("feature/chat"));

        Assert.Equal(["dev/release dev deploy"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.Contains("./build.sh Deploy --environment dev", jobs[0].Actions.Single().Log);
        Assert.Equal("example/web:2", await ImageAsync(world, "dev"));
        Assert.Equal("example/web:1", await ImageAsync(world, "staging"));
        Assert.Single(await ReleasesAsync(world, "dev"));
        Assert.NotEqual("", jobs[0].Outputs["release-id"]);
    }

    [Fact]
    public async Task A_push_to_main_deploys_staging_automatically_after_the_tests_inside_its_approved_environment()
    {
        await using var world = await StartAsync();
        using var pipeline = Pipeline(world);

        var jobs = await pipeline.RunAsync(WorkflowEvent.Push("main"));

        Assert.Equal(["staging/test staging deploy", "staging/release staging deploy"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.Contains("--yes", jobs[1].Actions.Single().Log); // staging's approval is its GitHub environment's reviewers
        Assert.Equal("example/web:2", await ImageAsync(world, "staging"));
        Assert.Equal("example/web:1", await ImageAsync(world, "dev"));
        Assert.Equal("example/web:1", await ImageAsync(world, "production"));
        Assert.Single(await ReleasesAsync(world, "staging"));
    }

    [Fact]
    public async Task Production_is_refused_without_approval_and_a_dispatch_promotes_staging_blue_green_behind_it()
    {
        await using var world = await StartAsync();
        using var pipeline = Pipeline(world);
        Succeeded(await pipeline.RunAsync(WorkflowEvent.Push("main")));

        // Outside its approved environment (a local run, no terminal), production is refused and left alone.
        var unapproved = world.Ecs.Surface.Run("Promote", "--environment", "production", "--config", world.Ecs.DescriptionFile, "--github-token", GitHubTestbed.Token);
        Assert.True(unapproved.ExitCode == 2, unapproved.All);
        Assert.Equal("example/web:1", await ImageAsync(world, "production"));

        var jobs = await pipeline.RunAsync(WorkflowEvent.Dispatch("promote"));

        Assert.Equal(["production/release production promote"], jobs.Select(j => j.ToString()));
        Succeeded(jobs);
        Assert.Contains("--yes", jobs[0].Actions.Single().Log);
        Assert.Equal(await ImageAsync(world, "staging"), await ImageAsync(world, "production"));
        var update = world.Ecs.Simulator.Exchanges.Last(e => e.Operation == "UpdateService" && e.RequestJson.Contains("community-production", StringComparison.Ordinal));
        Assert.Contains("\"strategy\":\"BLUE_GREEN\"", update.RequestJson);
        Assert.Contains("\"bakeTimeInMinutes\":1", update.RequestJson);
        var release = Assert.Single(await ReleasesAsync(world, "production"));
        Assert.Equal(jobs[0].Outputs["release-id"], release.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
