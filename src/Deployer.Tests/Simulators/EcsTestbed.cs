using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;

namespace Deployer.Tests.Simulators;

/// <summary>An ECS simulator, a raw client and the steps most scenarios share: a cluster, task definitions, a service.</summary>
public sealed class EcsTestbed : IAsyncDisposable
{
    public const string Cluster = "shop";

    private EcsTestbed(EcsSimulator simulator)
    {
        Simulator = simulator;
        Wire = new EcsWire(simulator.Endpoint);
    }

    public EcsSimulator Simulator { get; }
    public EcsWire Wire { get; }

    public static async Task<EcsTestbed> StartAsync(EcsSimulatorOptions? options = null)
    {
        var testbed = new EcsTestbed(await EcsSimulator.StartAsync(options));
        await testbed.Wire.CallAsync("CreateCluster", new { clusterName = Cluster });
        return testbed;
    }

    /// <summary>Registers a Fargate task definition with one essential container; returns its ARN.</summary>
    public async Task<string> RegisterAsync(string family, string image, params string[] command)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = image, ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }) };
        if (command.Length > 0) container["command"] = new JsonArray(command.Select(c => (JsonNode?)c).ToArray());
        var response = await Wire.CallAsync("RegisterTaskDefinition", new JsonObject
        {
            ["family"] = family,
            ["networkMode"] = "awsvpc",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "256",
            ["memory"] = "512",
            ["containerDefinitions"] = new JsonArray(container),
        });
        return response["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>();
    }

    public static JsonObject Network => new()
    {
        ["awsvpcConfiguration"] = new JsonObject { ["subnets"] = new JsonArray("subnet-0abc"), ["assignPublicIp"] = "DISABLED" },
    };

    /// <summary>Creates a Fargate service and waits until its first deployment is SUCCESSFUL.</summary>
    public async Task<JsonObject> CreateServiceAsync(string name, string taskDefinition, int desiredCount, JsonObject? deploymentConfiguration = null)
    {
        var request = new JsonObject
        {
            ["cluster"] = Cluster,
            ["serviceName"] = name,
            ["taskDefinition"] = taskDefinition,
            ["desiredCount"] = desiredCount,
            ["launchType"] = "FARGATE",
            ["networkConfiguration"] = Network,
        };
        if (deploymentConfiguration is not null) request["deploymentConfiguration"] = deploymentConfiguration;
        var service = (await Wire.CallAsync("CreateService", request))["service"]!.AsObject();
        await WaitForDeploymentAsync(service["currentServiceDeployment"]!.GetValue<string>(), "SUCCESSFUL");
        return service;
    }

    public async Task<JsonObject> DescribeServiceAsync(string name) =>
        (await Wire.CallAsync("DescribeServices", new { cluster = Cluster, services = new[] { name } }))["services"]![0]!.AsObject();

    public async Task<JsonObject> DescribeDeploymentAsync(string arn) =>
        (await Wire.CallAsync("DescribeServiceDeployments", new { serviceDeploymentArns = new[] { arn } }))["serviceDeployments"]![0]!.AsObject();

    public async Task<List<JsonObject>> DescribeTasksAsync(IEnumerable<string> arns) =>
        (await Wire.CallAsync("DescribeTasks", new { cluster = Cluster, tasks = arns.ToArray() }))["tasks"]!.AsArray().Select(t => t!.AsObject()).ToList();

    /// <summary>Polls DescribeServiceDeployments until the status is one of <paramref name="statuses"/>; returns the deployment.</summary>
    public async Task<JsonObject> WaitForDeploymentAsync(string arn, params string[] statuses)
    {
        JsonObject? last = null;
        var found = await Eventually.TrueAsync(async () =>
        {
            last = await DescribeDeploymentAsync(arn);
            return statuses.Contains(last["status"]!.GetValue<string>());
        });
        Assert.True(found, $"service deployment never reached {string.Join("/", statuses)}: {last?.ToJsonString()}");
        return last!;
    }

    /// <summary>UpdateService with a new task definition; returns the new service deployment's ARN.</summary>
    public async Task<string> DeployAsync(string service, string taskDefinition)
    {
        var updated = (await Wire.CallAsync("UpdateService", new { cluster = Cluster, service, taskDefinition }))["service"]!;
        return updated["currentServiceDeployment"]!.GetValue<string>();
    }

    public static IEnumerable<string> Messages(JsonObject service) =>
        service["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        Wire.Dispose();
        await Simulator.DisposeAsync();
    }
}

/// <summary>Polling with a real-time deadline, for conditions the simulator reaches on its own.</summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(20);
        }
        return await condition();
    }
}
