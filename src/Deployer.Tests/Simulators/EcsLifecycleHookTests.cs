using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;
using Deployer.Tests.Support;
using static Deployer.Tests.Simulators.EcsCliScenario;

namespace Deployer.Tests.Simulators;

/// <summary>
/// PAUSE lifecycle hooks and ContinueServiceDeployment in the ECS simulator, driven by the AWS CLI (a client nobody here
/// wrote) and checked against botocore's ECS model; the test listener is real HTTP on loopback.
/// </summary>
public class EcsLifecycleHookTests
{
    private const string BlueGreenWithPause =
        "strategy=BLUE_GREEN,bakeTimeInMinutes=0,maximumPercent=200,minimumHealthyPercent=100," +
        "lifecycleHooks=[{targetType=PAUSE,lifecycleStages=[POST_TEST_TRAFFIC_SHIFT],timeoutConfiguration={timeoutInMinutes=10,action=ROLLBACK}}," +
        "{targetType=AWS_LAMBDA,hookTargetArn=arn:aws:lambda:us-east-1:123456789012:function:warm,roleArn=arn:aws:iam::123456789012:role/hooks,lifecycleStages=[PRE_SCALE_UP]}]";

    /// <summary>The hooks arrive with the green revision, as Deployer sends them: one UpdateService.</summary>
    private static async Task<string> DeployGreenAsync(AwsCli aws)
    {
        await aws.EcsJsonAsync("register-task-definition", "--cli-input-json", TaskDefinitionJson("registry.example/web:green"));
        var updated = await aws.EcsJsonAsync("update-service", "--cluster", "shop", "--service", "web", "--task-definition", "web:2",
            "--deployment-configuration", BlueGreenWithPause);
        return updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
    }

    private static async Task<JsonObject> PausedAsync(AwsCli aws, string arn)
    {
        JsonObject? last = null;
        var paused = await Eventually.TrueAsync(async () =>
        {
            last = (await aws.EcsJsonAsync("describe-service-deployments", "--service-deployment-arns", arn))["serviceDeployments"]![0]!.AsObject();
            return last["lifecycleStage"]?.GetValue<string>() == "POST_TEST_TRAFFIC_SHIFT"
                   && last["lifecycleHookDetails"]!.AsArray().Any(h => h!["status"]!.GetValue<string>() == "AWAITING_ACTION");
        });
        Assert.True(paused, $"the deployment never paused at the hook: {last?.ToJsonString()}");
        return last!;
    }

    private static string PauseHookId(JsonObject deployment) =>
        deployment["lifecycleHookDetails"]!.AsArray().Single(h => h!["targetType"]!.GetValue<string>() == "PAUSE")!["hookId"]!.GetValue<string>();

    private static async Task<string> GetAsync(Uri url)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(url);
    }

    [Fact]
    public async Task A_paused_blue_green_deployment_serves_green_on_the_test_listener_only_and_continues_when_told()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:blue");
        await using var _ = simulator;
        var listeners = await simulator.ListenAsync("shop", "web");
        var arn = await DeployGreenAsync(aws);

        var paused = await PausedAsync(aws, arn);
        var hooks = paused["lifecycleHookDetails"]!.AsArray();
        Assert.Contains(hooks, h => h!["targetType"]!.GetValue<string>() == "AWS_LAMBDA" && h["status"]!.GetValue<string>() == "SUCCEEDED"
                                    && h["targetArn"]!.GetValue<string>().EndsWith("function:warm"));
        var pause = hooks.Single(h => h!["targetType"]!.GetValue<string>() == "PAUSE")!;
        Assert.StartsWith("ecs-pause-", pause["hookId"]!.GetValue<string>());
        Assert.Equal("ROLLBACK", pause["timeoutAction"]!.GetValue<string>());
        Assert.Null(pause["targetArn"]);
        Assert.Contains("registry.example/web:green", await GetAsync(listeners.TestUrl));
        Assert.Contains("registry.example/web:blue", await GetAsync(listeners.ProductionUrl));
        await Task.Delay(200); // several ticks: a PAUSE hook holds the stage however long nobody answers
        Assert.Equal("POST_TEST_TRAFFIC_SHIFT", (await PausedAsync(aws, arn))["lifecycleStage"]!.GetValue<string>());

        var continued = await aws.EcsJsonAsync("continue-service-deployment", "--service-deployment-arn", arn, "--hook-id", PauseHookId(paused), "--action", "CONTINUE");

        Assert.Equal(arn, continued["serviceDeploymentArn"]!.GetValue<string>());
        await WaitForStatusAsync(simulator, arn, "SUCCESSFUL");
        Assert.Contains("registry.example/web:green", await GetAsync(listeners.ProductionUrl));
        Assert.True(simulator.ProductionTrafficShifted(arn));
        var done = (await aws.EcsJsonAsync("describe-service-deployments", "--service-deployment-arns", arn))["serviceDeployments"]![0]!;
        Assert.Contains(done["lifecycleHookDetails"]!.AsArray(), h => h!["targetType"]!.GetValue<string>() == "PAUSE" && h["status"]!.GetValue<string>() == "SUCCEEDED");
        AssertFitsTheModel(simulator);
    }

    [Fact]
    public async Task ContinueServiceDeployment_ROLLBACK_returns_to_blue_before_production_traffic_moves_and_a_second_answer_is_refused()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:blue");
        await using var _ = simulator;
        var listeners = await simulator.ListenAsync("shop", "web");
        var arn = await DeployGreenAsync(aws);
        var hookId = PauseHookId(await PausedAsync(aws, arn));

        var unknown = await aws.EcsAsync("continue-service-deployment", "--service-deployment-arn", arn, "--hook-id", "ecs-pause-nope", "--action", "ROLLBACK");
        Assert.Equal(255, unknown.ExitCode);
        Assert.Contains("(InvalidParameterException) when calling the ContinueServiceDeployment operation", unknown.Stderr);

        await aws.EcsJsonAsync("continue-service-deployment", "--service-deployment-arn", arn, "--hook-id", hookId, "--action", "ROLLBACK");

        await WaitForStatusAsync(simulator, arn, "ROLLBACK_SUCCESSFUL");
        Assert.False(simulator.ProductionTrafficShifted(arn));
        Assert.DoesNotContain("PRODUCTION_TRAFFIC_SHIFT", simulator.StagesEntered(arn));
        Assert.DoesNotContain(listeners.Served, r => r.Listener == "production" && r.Image.EndsWith(":green"));
        Assert.Contains("registry.example/web:blue", await GetAsync(listeners.TestUrl));
        var again = await aws.EcsAsync("continue-service-deployment", "--service-deployment-arn", arn, "--hook-id", hookId);
        Assert.Equal(255, again.ExitCode);
        Assert.Contains("(ClientException) when calling the ContinueServiceDeployment operation", again.Stderr);
        var rolledBack = (await aws.EcsJsonAsync("describe-service-deployments", "--service-deployment-arns", arn))["serviceDeployments"]![0]!;
        Assert.Contains(rolledBack["lifecycleHookDetails"]!.AsArray(), h => h!["hookId"]!.GetValue<string>() == hookId && h["status"]!.GetValue<string>() == "FAILED");
        AssertFitsTheModel(simulator);
    }

    [Fact]
    public async Task A_pause_hook_nobody_answers_times_out_and_takes_its_rollback_action()
    {
        await using var testbed = await EcsTestbed.StartAsync(EcsSimulatorOptions.Default with { HookTimeoutScale = 0.005 }); // 1 minute → 0.3 s
        var blue = await testbed.RegisterAsync("web", "registry.example/web:blue");
        await testbed.CreateServiceAsync("web", blue, 1);
        var green = await testbed.RegisterAsync("web", "registry.example/web:green");
        var updated = await testbed.Wire.CallAsync("UpdateService", new JsonObject
        {
            ["cluster"] = EcsTestbed.Cluster,
            ["service"] = "web",
            ["taskDefinition"] = green,
            ["deploymentConfiguration"] = new JsonObject
            {
                ["strategy"] = "BLUE_GREEN",
                ["lifecycleHooks"] = new JsonArray(new JsonObject
                {
                    ["targetType"] = "PAUSE",
                    ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT"),
                    ["timeoutConfiguration"] = new JsonObject { ["timeoutInMinutes"] = 1, ["action"] = "ROLLBACK" },
                }),
            },
        });
        var arn = updated["service"]!["currentServiceDeployment"]!.GetValue<string>();

        var ended = await testbed.WaitForDeploymentAsync(arn, "ROLLBACK_SUCCESSFUL", "SUCCESSFUL");

        Assert.Equal("ROLLBACK_SUCCESSFUL", ended["status"]!.GetValue<string>());
        Assert.Equal("TIMED_OUT", ended["lifecycleHookDetails"]![0]!["status"]!.GetValue<string>());
        Assert.Contains("timed out", ended["rollback"]!["reason"]!.GetValue<string>());
        Assert.False(testbed.Simulator.ProductionTrafficShifted(arn));
    }

    [Theory]
    [InlineData("{\"targetType\":\"PAUSE\",\"lifecycleStages\":[\"SCALE_UP\"]}", "Invalid lifecycle stage: SCALE_UP")]
    [InlineData("{\"targetType\":\"PAUSE\",\"lifecycleStages\":[]}", "at least one lifecycleStages")]
    [InlineData("{\"lifecycleStages\":[\"PRE_SCALE_UP\"]}", "requires hookTargetArn and roleArn")]
    [InlineData("{\"targetType\":\"PAUSE\",\"lifecycleStages\":[\"POST_TEST_TRAFFIC_SHIFT\"],\"timeoutConfiguration\":{\"timeoutInMinutes\":0}}", "between 1 and 20160")]
    public async Task Lifecycle_hooks_ECS_would_refuse_are_refused(string hook, string message)
    {
        await using var testbed = await EcsTestbed.StartAsync();
        var blue = await testbed.RegisterAsync("web", "registry.example/web:blue");
        await testbed.CreateServiceAsync("web", blue, 1);

        var refused = await testbed.Wire.SendAsync("UpdateService", new JsonObject
        {
            ["cluster"] = EcsTestbed.Cluster,
            ["service"] = "web",
            ["deploymentConfiguration"] = new JsonObject { ["strategy"] = "BLUE_GREEN", ["lifecycleHooks"] = new JsonArray(JsonNode.Parse(hook)) },
        });

        Assert.Equal(400, refused.Status);
        Assert.Equal("InvalidParameterException", refused.ErrorCode);
        Assert.Contains(message, refused.Message);
    }

    private static void AssertFitsTheModel(EcsSimulator simulator)
    {
        var answered = simulator.Exchanges.Where(e => e.StatusCode == 200 && e.Operation is "DescribeServiceDeployments" or "ContinueServiceDeployment" or "UpdateService" or "DescribeServices").ToArray();
        Assert.Contains(answered, e => e.Operation == "ContinueServiceDeployment");
        foreach (var exchange in answered)
        {
            var output = ServiceModel.Botocore.ValidateOutput("ecs", exchange.Operation, JsonNode.Parse(exchange.ResponseJson));
            Assert.True(output.Count == 0, $"{exchange.Operation}: {string.Join("; ", output)}");
            var input = ServiceModel.Botocore.ValidateInput("ecs", exchange.Operation, JsonNode.Parse(exchange.RequestJson));
            Assert.True(input.Count == 0, $"{exchange.Operation} request: {string.Join("; ", input)}");
        }
    }
}
