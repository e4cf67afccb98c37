using System.Text.Json;
using Deployer.Aws;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Actions;

/// <summary>
/// actions/build-and-push and actions/deploy run as the runner runs them, against the real local parts of an ECS
/// release: buildah, moto for ECR, a registry guarded by the ECR token, and the ECS simulator. The job's environment
/// carries only what a workflow would set (credentials, region, endpoints), as EcsReleaseTests does for the build class.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class EcsActionTests(MotoServer moto, ITestOutputHelper output) : IDisposable
{
    private readonly List<CompositeActionRunner> _runners = [];

    public void Dispose()
    {
        foreach (var runner in _runners) runner.Dispose();
    }

    private CompositeActionRunner Action(string name, EcsWorld world)
    {
        var runner = new CompositeActionRunner(Repository.PathOf("actions", name)) { Workspace = world.Surface.Root, Log = output.WriteLine };
        foreach (var (key, value) in world.Surface.Environment.Where(e => e.Key != "PATH")) runner.Environment[key] = value;
        _runners.Add(runner);
        return runner;
    }

    private static Dictionary<string, string> Staging(params (string Name, string Value)[] extra)
    {
        var with = new Dictionary<string, string> { ["environment"] = "staging", ["git-sha"] = EcsWorld.Sha };
        foreach (var (name, value) in extra) with[name] = value;
        return with;
    }

    [Fact]
    public async Task Build_and_push_then_deploy_ecs_publish_the_pushed_digest_and_the_task_definitions_now_serving()
    {
        await using var release = await BackendWorkerRelease.StartAsync(moto, output);
        var world = release.World;

        var pushed = await Action("build-and-push", world).RunAsync(Staging(("container-engine", "buildah")));

        Assert.True(pushed.Succeeded, pushed.Log);
        var digest = await release.Registry.GetManifestDigestAsync(release.Repository, EcsWorld.Sha);
        var pinned = release.Pinned(digest);
        Assert.Equal("Succeeded", pushed.Output("outcome"));
        Assert.Equal("0", pushed.Output("exit-code"));
        Assert.Equal(digest, Json(pushed.Output("digests"))["backend"]);
        Assert.Equal(pinned, Json(pushed.Output("images"))["backend"]);
        Assert.Contains("Deployer: shop → staging: Succeeded", pushed.Summary);

        // So the separate deploy job finds this commit's image by its tag.
        await release.TellEcrWhatWasPushedAsync();

        var deployed = await Action("deploy", world).RunAsync(Staging(("target", "ecs")));

        Assert.True(deployed.Succeeded, deployed.Log);
        Assert.Equal("Succeeded", deployed.Output("outcome"));
        var taskDefinitions = Json(deployed.Output("task-definitions"));
        Assert.Equal(["backend", "worker"], taskDefinitions.Keys.Order());
        foreach (var service in new[] { "backend", "worker" })
        {
            var live = await world.ServiceAsync(service);
            Assert.Equal(live["taskDefinition"]!.GetValue<string>(), taskDefinitions[service]);
            Assert.Equal(pinned, (await world.LiveTaskDefinitionAsync(service))["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        }
        Assert.Contains("| `deploy-ecs:worker` | ✅ Succeeded |", deployed.Summary);

        var again = await Action("build-and-push", world).RunAsync(Staging(("container-engine", "buildah")));

        Assert.True(again.Succeeded, again.Log);
        Assert.Equal("Unchanged", again.Output("outcome"));
    }

    [Fact]
    public async Task A_rolled_back_deploy_fails_the_action_with_exit_code_3_and_still_publishes_its_outcome_and_why()
    {
        await using var world = await EcsWorld.StartAsync();
        var old = await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Simulator.Faults.MakeUnhealthy("api:broken");
        world.Describe(EcsOnly("example/api:broken"));

        // target all: the whole release, DeployStaging (its Test dependency skipped, as in a pipeline that tested earlier).
        var run = await Action("deploy", world).RunAsync(Staging());

        Assert.Equal(3, run.ExitCode);
        Assert.Contains(run.RawLog, line => line.StartsWith("Deployer: ./build.sh DeployStaging --environment staging --skip Test ", StringComparison.Ordinal));
        Assert.Contains(run.RawLog, line => line.Contains("Test (skipped: --skip)", StringComparison.Ordinal));
        Assert.Equal("RolledBack", run.Output("outcome"));
        Assert.Equal("3", run.Output("exit-code"));
        Assert.Contains("Why <code>deploy-ecs:api</code> did not succeed", run.Summary);
        Assert.Contains("Essential container in task exited", run.Summary);
        Assert.Equal(old, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
        using var result = JsonDocument.Parse(File.ReadAllText(run.Output("result-file")));
        Assert.Equal("RolledBack", result.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Cancelling_the_workflow_reaches_the_deploy_through_the_step_shell_and_rolls_the_service_back()
    {
        await using var world = await EcsWorld.StartAsync();
        var old = await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Simulator.Faults.SlowStart("api:slow", TimeSpan.FromMinutes(5));
        world.Describe(EcsOnly("example/api:slow"));
        using var cancel = new CancellationTokenSource();
        var polled = world.Count("DescribeServiceDeployments");

        var running = Action("deploy", world).RunAsync(Staging(("target", "ecs")), cancel.Token);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(world.Count("UpdateService") > 0 && world.Count("DescribeServiceDeployments") > polled), TimeSpan.FromSeconds(60)));
        var cancelledAt = DateTime.UtcNow;
        await cancel.CancelAsync(); // as the runner does: SIGINT to the step's bash only
        var run = await running;

        Assert.Equal("cancelled", run.Step("deployer").Outcome);
        Assert.Equal(130, run.Step("deployer").ExitCode);
        Assert.Equal("Cancelled", run.Output("outcome"));
        Assert.Contains(run.RawLog, line => line.Contains("Deployer: cancelled; asking the build to stop or roll back what is in flight.", StringComparison.Ordinal));
        Assert.Single(world.Simulator.Exchanges, e => e.Operation == "StopServiceDeployment");
        Assert.Equal(old, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
        // Within the runner's grace (SIGTERM after 7.5 s, the tree killed 2.5 s later): the build finished its rollback itself.
        Assert.True(DateTime.UtcNow - cancelledAt < TimeSpan.FromSeconds(10), $"the build took {DateTime.UtcNow - cancelledAt} to stop");
    }

    private static string EcsOnly(string image) => $$"""
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services:
              - { name: api, imageUri: "{{image}}", desiredCount: 2 }
        """;

    private static Dictionary<string, string> Json(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? throw new InvalidOperationException($"not a JSON object: {json}");
}
