using Deployer.Tests.Simulators;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>
/// The API failing while a deployment is in flight says nothing about the deployment: the wait goes on within the
/// step's timeout, and a step that gives up stops its own deployment so the environment ends on one version.
/// </summary>
public class PollingFaultTests
{
    private static string Description(string image, string extra = "") => $$"""
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services:
              - name: api
                imageUri: {{image}}
                desiredCount: 2
                {{extra}}
        """;

    private static string[] Deploy(EcsWorld world) =>
        ["DeployEcs", "--environment", "staging", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha];

    [Fact]
    public async Task Server_errors_on_DescribeServiceDeployments_for_a_stretch_do_not_end_the_wait_and_the_deploy_succeeds()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Describe(Description("example/api:2"));
        world.Surface.Time = new ScaledTimeProvider(30);
        world.Simulator.Faults.FailNext(30, "DescribeServiceDeployments");

        var result = world.Surface.Run(Deploy(world));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.True(result.All.Contains("could not read the deployment's state"), result.All);
        Assert.True(result.All.Contains("deploy-ecs:api: Succeeded"), result.All);
        Assert.Equal(30, world.Simulator.Exchanges.Count(e => e.Operation == "DescribeServiceDeployments" && e.StatusCode == 500));
        Assert.Equal("example/api:2", (await world.LiveTaskDefinitionAsync("api"))["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        Assert.Equal(0, world.Count("StopServiceDeployment"));
    }

    [Fact]
    public async Task Server_errors_that_never_end_time_the_step_out_and_it_stops_its_own_deployment_with_a_rollback()
    {
        await using var world = await EcsWorld.StartAsync();
        var old = await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Simulator.Faults.SlowStart("api:2", TimeSpan.FromMinutes(5));
        world.Describe(Description("example/api:2", "timeoutMinutes: 1"));
        world.Surface.Time = new ScaledTimeProvider(60);
        world.Simulator.Faults.FailNext(1_000_000, "DescribeServiceDeployments");

        var result = world.Surface.Run(Deploy(world));

        Assert.Equal(4, result.ExitCode);
        Assert.True(result.All.Contains("deploy-ecs:api: TimedOut"), result.All);
        Assert.True(result.All.Contains("the deployment's state could not be read before the timeout"), result.All);
        var stop = Assert.Single(world.Simulator.Exchanges, e => e.Operation == "StopServiceDeployment");
        Assert.Contains("\"stopType\":\"ROLLBACK\"", stop.RequestJson);
        Assert.DoesNotContain("   at ", result.All);
        Assert.True(await Eventually.TrueAsync(async () => (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>() == old));
    }
}
