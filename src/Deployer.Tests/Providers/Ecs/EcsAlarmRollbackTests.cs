using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Tests.Simulators;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>
/// CloudWatch alarms on an ECS deploy, through ./build.sh's build class against the ECS simulator: Deployer sends the
/// description's alarms and the live service's with rollback enabled, and an alarm firing during the bake yields
/// RolledBack with the alarm's name.
/// </summary>
public class EcsAlarmRollbackTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>600 bake minutes are 36 s in the simulator: the alarm, not the clock, ends these deploys.</summary>
    private const string Description = """
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services:
              - name: api
                imageUri: example/api:2
                desiredCount: 2
                strategy: blueGreen
                bakeMinutes: 600
                alarms: [api-5xx]
        """;

    /// <summary>api on example/api:1 whose deploymentConfiguration already names a team's alarm, switched off.</summary>
    private static async Task<EcsWorld> ServiceWithALiveAlarmAsync()
    {
        var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        await world.Wire.CallAsync("UpdateService", new JsonObject
        {
            ["cluster"] = EcsWorld.Cluster,
            ["service"] = "api",
            ["deploymentConfiguration"] = new JsonObject
            {
                ["alarms"] = new JsonObject { ["alarmNames"] = new JsonArray("api-latency"), ["enable"] = false, ["rollback"] = false },
            },
        });
        world.Describe(Description);
        return world;
    }

    /// <summary>Runs the deploy beside the test, which sets <paramref name="alarm"/> to ALARM once the new deployment bakes.</summary>
    private async Task<Surface.SurfaceResult> DeployFiringAsync(EcsWorld world, string alarm)
    {
        var before = world.Simulator.ServiceDeployments.Count;
        var deploy = Task.Run(() => world.Surface.Run(EcsDeployTests.Deploy(world)));
        var baking = await Eventually.TrueAsync(() => Task.FromResult(
            deploy.IsCompleted || world.Simulator.ServiceDeployments.Skip(before).Any(sd => sd.LifecycleStage == "BAKE_TIME")), TimeSpan.FromSeconds(60));
        Assert.True(baking && !deploy.IsCompleted, "the deployment never reached BAKE_TIME");
        world.Simulator.SetAlarmState(alarm, "ALARM");
        var result = await deploy;
        output.WriteLine(result.All);
        return result;
    }

    [Fact]
    public async Task An_alarm_firing_during_the_bake_yields_RolledBack_with_the_alarms_name()
    {
        await using var world = await ServiceWithALiveAlarmAsync();
        var blue = (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>();

        var result = await DeployFiringAsync(world, "api-5xx");

        Assert.True(result.ExitCode == 3, result.All);
        Assert.Contains("deploy-ecs:api: RolledBack", result.All);
        Assert.Contains("alarm api-5xx triggered", result.All);
        Assert.Contains("Alarms triggered: api-5xx", result.All);
        Assert.Equal(blue, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
        Assert.Equal("ROLLBACK_SUCCESSFUL", world.Simulator.ServiceDeployments.Last().Status);
        using var json = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile));
        Assert.Equal("RolledBack", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("api-5xx", json.RootElement.GetProperty("steps")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_live_services_alarms_join_the_descriptions_with_rollback_enabled_and_fire_too()
    {
        await using var world = await ServiceWithALiveAlarmAsync();

        var result = await DeployFiringAsync(world, "api-latency");

        Assert.True(result.ExitCode == 3, result.All);
        Assert.Contains("alarm api-latency triggered", result.All);
        var update = world.Simulator.Exchanges.Where(e => e.Operation == "UpdateService" && e.StatusCode == 200).Select(e => JsonNode.Parse(e.RequestJson)!).Last();
        var alarms = update["deploymentConfiguration"]!["alarms"]!;
        Assert.Equal(["api-latency", "api-5xx"], alarms["alarmNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(alarms["enable"]!.GetValue<bool>());
        Assert.True(alarms["rollback"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_dry_run_names_the_alarms_it_will_switch_on()
    {
        await using var world = await ServiceWithALiveAlarmAsync();

        var result = world.Surface.Run([.. EcsDeployTests.Deploy(world), "--dry-run"]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("alarms: api-latency (disabled) → api-latency, api-5xx (rollback)", result.All);
        Assert.Equal(1, world.Count("UpdateService")); // the team's alarm; the dry run sends none
    }
}
