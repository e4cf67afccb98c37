using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;
using Deployer.Tests.Support;
using static Deployer.Tests.Simulators.EcsCliScenario;

namespace Deployer.Tests.Simulators;

/// <summary>
/// deploymentConfiguration.alarms in the ECS simulator, driven by the AWS CLI and checked against botocore's ECS model:
/// an alarm set to ALARM while the deployment bakes fails it, and ECS rolls back (or stops) naming the alarm.
/// </summary>
public class EcsDeploymentAlarmTests
{
    /// <summary>Long enough (36 s at the default scale) that the alarm, not the clock, ends the bake.</summary>
    private static string Configuration(bool rollback) =>
        $"strategy=BLUE_GREEN,bakeTimeInMinutes=600,maximumPercent=200,minimumHealthyPercent=100,alarms={{alarmNames=[web-5xx,web-latency],enable=true,rollback={rollback.ToString().ToLowerInvariant()}}}";

    private static async Task<string> DeployGreenAsync(AwsCli aws, bool rollback)
    {
        await aws.EcsJsonAsync("register-task-definition", "--cli-input-json", TaskDefinitionJson("registry.example/web:green"));
        var updated = await aws.EcsJsonAsync("update-service", "--cluster", "shop", "--service", "web", "--task-definition", "web:2",
            "--deployment-configuration", Configuration(rollback));
        return updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
    }

    private static async Task<JsonObject> DescribeAsync(AwsCli aws, string arn) =>
        (await aws.EcsJsonAsync("describe-service-deployments", "--service-deployment-arns", arn))["serviceDeployments"]![0]!.AsObject();

    private static async Task BakingAsync(EcsSimulator simulator, string arn) =>
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(
                simulator.ServiceDeployments.Any(sd => sd.ServiceDeploymentArn == arn && sd.LifecycleStage == "BAKE_TIME")), TimeSpan.FromSeconds(30)),
            $"{arn} never reached BAKE_TIME");

    [Fact]
    public async Task An_alarm_that_fires_during_the_bake_rolls_the_deployment_back_naming_the_alarm()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:blue");
        await using var _ = simulator;
        simulator.SetAlarmState("unrelated-alarm", "ALARM"); // alarms the deployment does not watch change nothing
        var arn = await DeployGreenAsync(aws, rollback: true);
        await BakingAsync(simulator, arn);
        var baking = await DescribeAsync(aws, arn);
        Assert.Equal("MONITORING", baking["alarms"]!["status"]!.GetValue<string>());
        Assert.Empty(baking["alarms"]!["triggeredAlarmNames"]!.AsArray());

        simulator.SetAlarmState("web-5xx", "ALARM");

        await WaitForStatusAsync(simulator, arn, "ROLLBACK_SUCCESSFUL");
        var rolledBack = await DescribeAsync(aws, arn);
        Assert.Equal("TRIGGERED", rolledBack["alarms"]!["status"]!.GetValue<string>());
        Assert.Equal(["web-5xx"], rolledBack["alarms"]!["triggeredAlarmNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["web-5xx", "web-latency"], rolledBack["alarms"]!["alarmNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("web-5xx", rolledBack["rollback"]!["reason"]!.GetValue<string>());
        Assert.Contains("web-5xx", rolledBack["statusReason"]!.GetValue<string>());
        var service = (await aws.EcsJsonAsync("describe-services", "--cluster", "shop", "--services", "web"))["services"]![0]!;
        Assert.EndsWith("web:1", service["taskDefinition"]!.GetValue<string>());
        Assert.Contains(service["events"]!.AsArray(), e => e!["message"]!.GetValue<string>().EndsWith("deployment failed: alarm detected."));
        AssertFitsTheModel(simulator);
    }

    [Fact]
    public async Task A_deployment_whose_alarms_stay_quiet_through_the_bake_completes_with_monitoring_complete()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:blue");
        await using var _ = simulator;
        simulator.SetAlarmState("web-5xx", "OK");
        await aws.EcsJsonAsync("register-task-definition", "--cli-input-json", TaskDefinitionJson("registry.example/web:green"));
        var arn = (await aws.EcsJsonAsync("update-service", "--cluster", "shop", "--service", "web", "--task-definition", "web:2",
            "--deployment-configuration", Configuration(rollback: true).Replace("bakeTimeInMinutes=600", "bakeTimeInMinutes=1")))["service"]!["currentServiceDeployment"]!.GetValue<string>();

        await WaitForStatusAsync(simulator, arn, "SUCCESSFUL");

        var done = await DescribeAsync(aws, arn);
        Assert.Equal("MONITORING_COMPLETE", done["alarms"]!["status"]!.GetValue<string>());
        Assert.Empty(done["alarms"]!["triggeredAlarmNames"]!.AsArray());
        AssertFitsTheModel(simulator);
    }

    [Fact]
    public async Task Without_rollback_an_alarm_stops_the_deployment()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:blue");
        await using var _ = simulator;
        var arn = await DeployGreenAsync(aws, rollback: false);
        await BakingAsync(simulator, arn);

        simulator.SetAlarmState("web-latency", "ALARM");

        await WaitForStatusAsync(simulator, arn, "STOPPED");
        var stopped = await DescribeAsync(aws, arn);
        Assert.Equal("TRIGGERED", stopped["alarms"]!["status"]!.GetValue<string>());
        Assert.Contains("web-latency", stopped["statusReason"]!.GetValue<string>());
        Assert.Null(stopped["rollback"]);
        AssertFitsTheModel(simulator);
    }

    private static void AssertFitsTheModel(EcsSimulator simulator)
    {
        var answered = simulator.Exchanges.Where(e => e.StatusCode == 200 && e.Operation is "DescribeServiceDeployments" or "UpdateService" or "DescribeServices").ToArray();
        Assert.Contains(answered, e => e.Operation == "DescribeServiceDeployments");
        foreach (var exchange in answered)
        {
            var output = ServiceModel.Botocore.ValidateOutput("ecs", exchange.Operation, JsonNode.Parse(exchange.ResponseJson));
            Assert.True(output.Count == 0, $"{exchange.Operation}: {string.Join("; ", output)}");
            var input = ServiceModel.Botocore.ValidateInput("ecs", exchange.Operation, JsonNode.Parse(exchange.RequestJson));
            Assert.True(input.Count == 0, $"{exchange.Operation} request: {string.Join("; ", input)}");
        }
    }
}
