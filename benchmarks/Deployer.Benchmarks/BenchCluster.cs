using System.Text.Json.Nodes;
using Deployer.Tests.Simulators;

namespace Deployer.Benchmarks;

/// <summary>The "bench" cluster on an ECS simulator: task definitions and services the benchmarks deploy over.</summary>
public static class BenchCluster
{
    public const string Name = "bench";

    public static Dictionary<string, string> Environment(Uri ecs) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "bench", ["AWS_SECRET_ACCESS_KEY"] = "bench-secret", ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL_ECS"] = ecs.ToString(),
        ["AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING"] = ecs.ToString(),
    };

    public static async Task<string> RegisterAsync(EcsWire wire, string service, string image) =>
        (await wire.CallAsync("RegisterTaskDefinition", new JsonObject
        {
            ["family"] = $"{Name}-{service}", ["networkMode"] = "awsvpc", ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "256", ["memory"] = "512",
            ["containerDefinitions"] = new JsonArray(new JsonObject { ["name"] = service, ["image"] = image, ["essential"] = true }),
        }))["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>();

    /// <summary>A cluster with one two-task Fargate service per name, created and left to become steady.</summary>
    public static async Task CreateAsync(EcsWire wire, TimeSpan settle, params string[] services)
    {
        await wire.CallAsync("CreateCluster", new { clusterName = Name });
        foreach (var service in services)
            await wire.CallAsync("CreateService", new JsonObject
            {
                ["cluster"] = Name, ["serviceName"] = service, ["taskDefinition"] = await RegisterAsync(wire, service, $"example/{service}:0"),
                ["desiredCount"] = 2, ["launchType"] = "FARGATE", ["networkConfiguration"] = EcsTestbed.Network,
            });
        await Task.Delay(settle);
    }
}
