using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>
/// A re-run after a run was killed mid-deploy (kill -9: nothing stopped, nothing recorded): the deployment it left in
/// flight is adopted and waited on, and its real outcome is reported, never "Unchanged".
/// </summary>
public class InFlightDeployTests
{
    private const string Yaml = """
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services:
              - name: api
                imageUri: example/api:broken
                desiredCount: 2
        """;

    private static string[] Deploy(EcsWorld world) =>
        ["DeployEcs", "--environment", "staging", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha];

    /// <summary>What a killed run leaves: the new revision registered and the service updated to it, nobody waiting.</summary>
    private static async Task<string> AbandonDeploymentAsync(EcsWorld world, string image)
    {
        var live = await world.LiveTaskDefinitionAsync("api");
        var definition = new JsonObject();
        foreach (var key in new[] { "family", "networkMode", "requiresCompatibilities", "cpu", "memory", "containerDefinitions" })
            definition[key] = live[key]!.DeepClone();
        definition["containerDefinitions"]![0]!["image"] = image;
        var registered = await world.Wire.CallAsync("RegisterTaskDefinition", definition);
        var arn = registered["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>();
        await world.Wire.CallAsync("UpdateService", new { cluster = EcsWorld.Cluster, service = "api", taskDefinition = arn });
        return arn;
    }

    [Fact]
    public async Task A_rerun_after_a_killed_deploy_waits_for_the_abandoned_deployment_and_reports_its_rollback()
    {
        await using var world = await EcsWorld.StartAsync();
        var old = await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Simulator.Faults.MakeUnhealthy("api:broken");
        world.Simulator.Faults.SlowStart("api:broken", TimeSpan.FromSeconds(1));
        world.Describe(Yaml);
        await AbandonDeploymentAsync(world, "example/api:broken");

        var rerun = world.Surface.Run(Deploy(world));

        Assert.Equal(3, rerun.ExitCode);
        Assert.DoesNotContain("Unchanged", rerun.All);
        Assert.True(rerun.All.Contains("is still in flight: waiting for it"), rerun.All);
        Assert.True(rerun.All.Contains("deploy-ecs:api: RolledBack"), rerun.All);
        Assert.Equal(1, world.Count("UpdateService"));
        Assert.Equal(2, world.Count("RegisterTaskDefinition"));
        Assert.Equal(old, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
        using var json = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile));
        Assert.Equal("RolledBack", json.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_rerun_after_a_killed_deploy_that_goes_on_to_succeed_reports_success_once_it_is_live()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Simulator.Faults.SlowStart("api:2", TimeSpan.FromSeconds(1));
        world.Describe(Yaml.Replace("api:broken", "api:2"));
        var abandoned = await AbandonDeploymentAsync(world, "example/api:2");

        var rerun = world.Surface.Run(Deploy(world));

        Assert.True(rerun.ExitCode == 0, rerun.All);
        Assert.True(rerun.All.Contains("is still in flight: waiting for it"), rerun.All);
        Assert.True(rerun.All.Contains("deploy-ecs:api: Succeeded"), rerun.All);
        var service = await world.ServiceAsync("api");
        Assert.Equal(abandoned, service["taskDefinition"]!.GetValue<string>());
        Assert.Single(service["deployments"]!.AsArray());
    }
}
