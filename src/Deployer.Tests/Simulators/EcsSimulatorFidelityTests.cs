using System.Text.Json.Nodes;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Simulators;

/// <summary>Every answer the ECS simulator gave while Deployer deployed through it fits the botocore service model.</summary>
public class EcsSimulatorFidelityTests
{
    [Fact]
    public async Task Every_response_during_a_deploy_and_a_rollback_fits_the_ecs_output_shapes()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Describe("""
            app: shop
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: api, imageUri: "example/api:2", desiredCount: 2 }]
            """);
        Assert.Equal(0, world.Surface.Run("DeployEcs", "--environment", "staging", "--config", world.DescriptionFile).ExitCode);
        world.Simulator.Faults.MakeUnhealthy("api:3");
        File.WriteAllText(world.DescriptionFile, File.ReadAllText(world.DescriptionFile).Replace("example/api:2", "example/api:3"));
        Assert.Equal(3, world.Surface.Run("DeployEcs", "--environment", "staging", "--config", world.DescriptionFile).ExitCode);

        var answered = world.Simulator.Exchanges.Where(e => e.StatusCode == 200).ToArray();
        Assert.Contains(answered, e => e.Operation == "DescribeServiceDeployments");
        Assert.Contains(answered, e => e.Operation == "DescribeTasks");
        foreach (var exchange in answered)
        {
            // The simulator also answers Application Auto Scaling, which the deploy asks before sending desiredCount.
            var service = exchange.Operation.EndsWith("ScalableTargets", StringComparison.Ordinal) || exchange.Operation.EndsWith("ScalableTarget", StringComparison.Ordinal)
                ? "application-autoscaling" : "ecs";
            var violations = ServiceModel.Botocore.ValidateOutput(service, exchange.Operation, JsonNode.Parse(exchange.ResponseJson));
            Assert.True(violations.Count == 0, $"{exchange.Operation}: {string.Join("; ", violations)}");
            var request = ServiceModel.Botocore.ValidateInput(service, exchange.Operation, JsonNode.Parse(exchange.RequestJson));
            Assert.True(request.Count == 0, $"{exchange.Operation} request: {string.Join("; ", request)}");
        }
    }
}
