using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>
/// The real parts of an ECS release, wired the way a user's workflow would be: the ECS simulator, moto for ECR, and the
/// build surface with only environment variables pointing Deployer at them.
/// </summary>
public sealed class EcsWorld : IAsyncDisposable
{
    public const string Cluster = "shop";
    public const string Sha = "5e1ec7ed0000000000000000000000000000c0de";

    private EcsWorld(EcsSimulator simulator, string region)
    {
        Simulator = simulator;
        Wire = new EcsWire(simulator.Endpoint);
        Region = region;
        Directory.CreateDirectory(Surface.Root);
        Surface.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        Surface.Environment["AWS_SECRET_ACCESS_KEY"] = "testing-secret-key";
        Surface.Environment["AWS_REGION"] = region;
        Surface.Environment["AWS_ENDPOINT_URL_ECS"] = simulator.Endpoint.ToString();
        // The simulator holds the Application Auto Scaling targets of its services too.
        Surface.Environment["AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING"] = simulator.Endpoint.ToString();
    }

    public EcsSimulator Simulator { get; }
    public EcsWire Wire { get; }
    public string Region { get; }
    public BuildSurface Surface { get; } = new();
    public string DescriptionFile => Path.Combine(Surface.Root, "deploy.yml");

    /// <param name="options">Simulator timings; region and account are set from <paramref name="region"/> and moto's account.</param>
    public static async Task<EcsWorld> StartAsync(string region = MotoServer.Region, string cluster = Cluster, EcsSimulatorOptions? options = null)
    {
        var simulator = await EcsSimulator.StartAsync((options ?? EcsSimulatorOptions.Default) with { Region = region, AccountId = MotoServer.AccountId });
        var world = new EcsWorld(simulator, region);
        await world.Wire.CallAsync("CreateCluster", new { clusterName = cluster });
        return world;
    }

    public void Describe(string yaml) => File.WriteAllText(DescriptionFile, yaml);

    /// <summary>A service already running <paramref name="image"/> in a container named like the service, as teams have before adopting Deployer.</summary>
    /// <param name="customize">Changes the task definition before it is registered (roles, logging, more containers).</param>
    public async Task<string> SeedServiceAsync(string service, string image, int desiredCount, string cluster = Cluster, string? family = null,
        Action<JsonObject>? customize = null)
    {
        var definition = new JsonObject
        {
            ["family"] = family ?? $"{cluster}-{service}",
            ["networkMode"] = "awsvpc",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["cpu"] = "256",
            ["memory"] = "512",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = service,
                ["image"] = image,
                ["essential"] = true,
                ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8000 }),
                ["environment"] = new JsonArray(new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" }),
            }),
        };
        customize?.Invoke(definition);
        var registered = await Wire.CallAsync("RegisterTaskDefinition", definition);
        var taskDefinition = registered["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>();
        var created = await Wire.CallAsync("CreateService", new JsonObject
        {
            ["cluster"] = cluster,
            ["serviceName"] = service,
            ["taskDefinition"] = taskDefinition,
            ["desiredCount"] = desiredCount,
            ["launchType"] = "FARGATE",
            ["networkConfiguration"] = EcsTestbed.Network,
            ["deploymentConfiguration"] = new JsonObject
            {
                ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true },
                ["maximumPercent"] = 200,
                ["minimumHealthyPercent"] = 100,
            },
        });
        var arn = created["service"]!["currentServiceDeployment"]!.GetValue<string>();
        var steady = await Eventually.TrueAsync(async () =>
            (await Wire.CallAsync("DescribeServiceDeployments", new { serviceDeploymentArns = new[] { arn } }))["serviceDeployments"]![0]!["status"]!.GetValue<string>() == "SUCCESSFUL");
        Assert.True(steady, $"the seeded service {service} never became steady");
        return taskDefinition;
    }

    public async Task<JsonObject> ServiceAsync(string service, string cluster = Cluster) =>
        (await Wire.CallAsync("DescribeServices", new { cluster, services = new[] { service } }))["services"]![0]!.AsObject();

    public async Task<JsonObject> LiveTaskDefinitionAsync(string service, string cluster = Cluster) =>
        (await Wire.CallAsync("DescribeTaskDefinition", new { taskDefinition = (await ServiceAsync(service, cluster))["taskDefinition"]!.GetValue<string>() }))["taskDefinition"]!.AsObject();

    public int Count(string operation) => Simulator.Exchanges.Count(e => e.Operation == operation);

    public async ValueTask DisposeAsync()
    {
        Wire.Dispose();
        Surface.Dispose();
        await Simulator.DisposeAsync();
    }
}
