using Deployer.Tests.Support;
using System.Text.Json.Nodes;
using Deployer.Tests.Simulators;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>
/// A described desiredCount against Application Auto Scaling, through ./build.sh's build class and the ECS simulator
/// (which also holds the scalable targets): a target owns the count, so a deploy leaves capacity to it.
/// </summary>
[Collection(MotoCollection.Name)]
public class EcsAutoScalingDeployTests(MotoServer moto)
{
    private static string Description(string image, int desiredCount) => EcsDeployTests.Description("api", image, desiredCount: desiredCount);

    private static string[] Deploy(EcsWorld world) => EcsDeployTests.Deploy(world);

    private static Task<JsonObject> RegisterTargetAsync(EcsWorld world, string resourceId, int min, int max) =>
        AutoScalingAsync(world, "RegisterScalableTarget", new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ResourceId"] = resourceId,
            ["ScalableDimension"] = "ecs:service:DesiredCount",
            ["MinCapacity"] = min,
            ["MaxCapacity"] = max,
        });

    private static async Task<JsonObject> AutoScalingAsync(EcsWorld world, string operation, JsonObject request)
    {
        var response = await world.Wire.SendAsync(operation, request, "AnyScaleFrontendService." + operation);
        Assert.True(response.Status == 200, response.Body.ToJsonString());
        return response.Body;
    }

    /// <summary>What autoscaling does on a busy day: raises the count, and the service settles there.</summary>
    private static async Task ScaleToAsync(EcsWorld world, int count)
    {
        await world.Wire.CallAsync("UpdateService", new { cluster = EcsWorld.Cluster, service = "api", desiredCount = count });
        Assert.True(await Eventually.TrueAsync(async () => (await world.ServiceAsync("api"))["runningCount"]!.GetValue<int>() == count),
            $"api never ran {count} tasks");
    }

    private static JsonObject LastUpdateService(EcsWorld world) =>
        JsonNode.Parse(world.Simulator.Exchanges.Last(e => e.Operation == "UpdateService").RequestJson)!.AsObject();

    [Fact]
    public async Task A_service_autoscaled_to_4_keeps_4_tasks_after_a_deploy_that_describes_2_and_the_output_says_why()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        await RegisterTargetAsync(world, "service/shop/api", 2, 6);
        await ScaleToAsync(world, 4);
        world.Describe(Description("example/api:2", desiredCount: 2));

        var result = world.Surface.Run(Deploy(world));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("desiredCount 2 not sent: Application Auto Scaling owns service/shop/api (min 2, max 6)", result.All);
        Assert.False(LastUpdateService(world).ContainsKey("desiredCount"), LastUpdateService(world).ToJsonString());
        var service = await world.ServiceAsync("api");
        Assert.Equal(4, service["desiredCount"]!.GetValue<int>());
        Assert.Equal("example/api:2", (await world.LiveTaskDefinitionAsync("api"))["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(1, world.Count("DescribeScalableTargets"));
    }

    [Fact]
    public async Task Without_a_scalable_target_the_described_count_is_sent_and_the_service_runs_that_many()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        // A target on another service owns nothing here.
        await world.SeedServiceAsync("worker", "example/worker:1", 1);
        await RegisterTargetAsync(world, "service/shop/worker", 1, 3);
        world.Describe(Description("example/api:2", desiredCount: 3));

        var result = world.Surface.Run(Deploy(world));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.DoesNotContain("desiredCount 3 not sent", result.All);
        Assert.Equal(3, LastUpdateService(world)["desiredCount"]!.GetValue<int>());
        Assert.Equal(3, (await world.ServiceAsync("api"))["desiredCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task When_the_role_may_not_read_autoscaling_the_deploy_keeps_the_live_count_and_warns()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 4);
        world.Simulator.Faults.DenyNext(1, "DescribeScalableTargets");
        world.Describe(Description("example/api:2", desiredCount: 2));

        var result = world.Surface.Run(Deploy(world));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("warning: desiredCount 2 not sent: could not read Application Auto Scaling (Application Auto Scaling DescribeScalableTargets failed: AccessDeniedException:", result.All);
        Assert.Contains("the live count is kept", result.All);
        Assert.False(LastUpdateService(world).ContainsKey("desiredCount"));
        Assert.Equal(4, (await world.ServiceAsync("api"))["desiredCount"]!.GetValue<int>());
        Assert.Equal("example/api:2", (await world.LiveTaskDefinitionAsync("api"))["containerDefinitions"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_autoscaling_owns_the_count_a_live_count_unlike_the_description_is_no_change_so_a_rerun_is_unchanged()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        await RegisterTargetAsync(world, "service/shop/api", 2, 6);
        world.Describe(Description("example/api:2", desiredCount: 2));
        Assert.Equal(0, world.Surface.Run(Deploy(world)).ExitCode);
        await ScaleToAsync(world, 5);
        var updates = world.Count("UpdateService");

        var rerun = world.Surface.Run(Deploy(world));

        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.Contains("Unchanged: Nothing changed", rerun.All);
        Assert.Equal(updates, world.Count("UpdateService"));
        Assert.Equal(5, (await world.ServiceAsync("api"))["desiredCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_dry_run_says_the_described_count_will_not_be_sent_and_shows_no_count_change()
    {
        await using var world = await EcsWorld.StartAsync(region: "me-south-1", cluster: "saas-staging");
        // The example names aws.role: the live read assumes it first, through moto's STS.
        world.Surface.Environment["AWS_ENDPOINT_URL_STS"] = moto.Endpoint.ToString();
        await world.SeedServiceAsync("backend", "example/backend:old", 2, cluster: "saas-staging", family: "saas-backend");
        await world.SeedServiceAsync("worker", "example/backend:old", 1, cluster: "saas-staging", family: "saas-worker");
        await RegisterTargetAsync(world, "service/saas-staging/backend", 2, 6);
        var mutations = new[] { "RegisterTaskDefinition", "UpdateService", "StopServiceDeployment", "RunTask" }.Sum(world.Count);

        var text = world.Surface.Run("DeployStaging", "--dry-run", "--skip", "--config", "examples/saas/deploy.yml", "--git-sha", EcsWorld.Sha);

        Assert.True(text.ExitCode == 0, text.All);
        var lines = text.Out.Split('\n').Select(l => l.TrimEnd()).ToArray();
        var backend = lines.SkipWhile(l => l != "Against what is live:").SkipWhile(l => l != "  deploy-ecs:backend").Skip(1).TakeWhile(l => l.StartsWith("    ")).ToArray();
        Assert.Contains("    (desiredCount 1 not sent: Application Auto Scaling owns service/saas-staging/backend (min 2, max 6))", backend);
        Assert.DoesNotContain(backend, l => l.Contains("~ desiredCount"));
        Assert.Equal(mutations, new[] { "RegisterTaskDefinition", "UpdateService", "StopServiceDeployment", "RunTask" }.Sum(world.Count));
    }
}
