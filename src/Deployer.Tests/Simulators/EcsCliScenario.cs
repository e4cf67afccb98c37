using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;

namespace Deployer.Tests.Simulators;

/// <summary>Shared steps of the AWS CLI tests: a task definition file, a service created through the CLI, waiting on the simulator.</summary>
internal static class EcsCliScenario
{
    public const string Network = "awsvpcConfiguration={subnets=[subnet-0abc],assignPublicIp=DISABLED}";

    /// <summary>JSON for <c>register-task-definition --cli-input-json</c>: family "web", one container.</summary>
    public static string TaskDefinitionJson(string image) =>
        new JsonObject
        {
            ["family"] = "web",
            ["networkMode"] = "awsvpc",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "256",
            ["memory"] = "512",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = image,
                ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
                ["environment"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "web" }),
            }),
        }.ToJsonString();

    public static async Task WaitForStatusAsync(EcsSimulator simulator, string arn, string status) =>
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(simulator.ServiceDeployments.Any(sd => sd.ServiceDeploymentArn == arn && sd.Status == status))),
            $"{arn} never reached {status}: {string.Join(", ", simulator.ServiceDeployments.Select(sd => sd.Status))}");

    /// <summary>A simulator with cluster "shop" and service "web" (web:1, two Fargate tasks) created through the CLI and deployed.</summary>
    public static async Task<(EcsSimulator Simulator, AwsCli Aws)> ServiceAsync(string v1Image, params string[] deploymentConfiguration)
    {
        var simulator = await EcsSimulator.StartAsync();
        var aws = new AwsCli(simulator.Endpoint);
        await aws.EcsJsonAsync("create-cluster", "--cluster-name", "shop");
        await aws.EcsJsonAsync("register-task-definition", "--cli-input-json", TaskDefinitionJson(v1Image));
        var created = await aws.EcsJsonAsync(["create-service", "--cluster", "shop", "--service-name", "web", "--task-definition", "web:1",
            "--desired-count", "2", "--launch-type", "FARGATE", "--network-configuration", Network, .. deploymentConfiguration]);
        await WaitForStatusAsync(simulator, created["service"]!["currentServiceDeployment"]!.GetValue<string>(), "SUCCESSFUL");
        return (simulator, aws);
    }
}
