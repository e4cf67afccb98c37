using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;
using Deployer.Simulators.Ecs.Listeners;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>
/// Smoke tests on test traffic, through ./build.sh's build class against the ECS simulator and its listeners (real
/// HTTP on loopback): ECS pauses the blue/green deployment once the test listener serves green, Deployer checks it and
/// answers with ContinueServiceDeployment.
/// </summary>
public class EcsSmokeTestTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string LambdaHook = "arn:aws:lambda:us-east-1:123456789012:function:warm-cache";

    private const string Checks = """
                  checks:
                    - { name: health, path: /health, contains: "example/api:2", maxLatencyMs: 10000 }
                    - { name: home, path: / }
        """;

    /// <param name="checks">The smoke section's lines after testUrl and requests, indented for it.</param>
    private static string Description(ServiceListeners listeners, string image, string checks = Checks, string strategy = "blueGreen") => $$"""
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services:
              - name: api
                imageUri: {{image}}
                desiredCount: 2
                strategy: {{strategy}}
                bakeMinutes: 0
                smoke:
                  testUrl: {{listeners.TestUrl.ToString().TrimEnd('/')}}
                  requests: 3

        """ + checks;

    /// <summary>api on example/api:1 with a team's own AWS_LAMBDA hook, and its load balancer's listeners.</summary>
    private static async Task<(EcsWorld World, ServiceListeners Listeners)> ServiceWithALambdaHookAsync(EcsSimulatorOptions? options = null)
    {
        var world = await EcsWorld.StartAsync(options: options);
        await world.SeedServiceAsync("api", "example/api:1", 2);
        await world.Wire.CallAsync("UpdateService", new JsonObject
        {
            ["cluster"] = EcsWorld.Cluster,
            ["service"] = "api",
            ["deploymentConfiguration"] = new JsonObject
            {
                ["lifecycleHooks"] = new JsonArray(new JsonObject
                {
                    ["targetType"] = "AWS_LAMBDA",
                    ["hookTargetArn"] = LambdaHook,
                    ["roleArn"] = "arn:aws:iam::123456789012:role/ecs-hooks",
                    ["lifecycleStages"] = new JsonArray("PRE_SCALE_UP"),
                }),
            },
        });
        return (world, await world.Simulator.ListenAsync(EcsWorld.Cluster, "api"));
    }

    private static IEnumerable<JsonObject> Continued(EcsWorld world) =>
        world.Simulator.Exchanges.Where(e => e.Operation == "ContinueServiceDeployment" && e.StatusCode == 200).Select(e => JsonNode.Parse(e.RequestJson)!.AsObject());

    [Fact]
    public async Task Green_that_passes_the_smoke_test_is_continued_and_completes_and_the_teams_lambda_hook_is_kept()
    {
        var (world, listeners) = await ServiceWithALambdaHookAsync();
        await using var _ = world;
        world.Describe(Description(listeners, "example/api:2"));

        var result = world.Surface.Run(EcsDeployTests.Deploy(world));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("the smoke test passed on the test listener", result.All);
        var smoke = listeners.Served.Where(r => r.Listener == "test").ToArray();
        Assert.Equal(3, smoke.Count(r => r.Path == "/health" && r.Image == "example/api:2" && r.Status == 200));
        Assert.Equal(3, smoke.Count(r => r.Path == "/" && r.Image == "example/api:2"));
        Assert.Equal("CONTINUE", Assert.Single(Continued(world))["action"]!.GetValue<string>());
        var hooks = (await world.ServiceAsync("api"))["deploymentConfiguration"]!["lifecycleHooks"]!.AsArray();
        Assert.Equal(2, hooks.Count);
        Assert.Contains(hooks, h => h!["hookTargetArn"]?.GetValue<string>() == LambdaHook);
        Assert.Contains(hooks, h => h!["targetType"]!.GetValue<string>() == "PAUSE" && h["lifecycleStages"]![0]!.GetValue<string>() == "POST_TEST_TRAFFIC_SHIFT"
                                    && h["timeoutConfiguration"]!["action"]!.GetValue<string>() == "ROLLBACK");
        using (var http = new HttpClient())
            Assert.Equal("example/api:2\n", await http.GetStringAsync(listeners.ProductionUrl));

        var again = world.Surface.Run(EcsDeployTests.Deploy(world));

        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains("Unchanged", again.All);
        Assert.Equal(2, world.Count("UpdateService")); // the team's hook, then the one deploy
    }

    [Fact]
    public async Task Green_that_fails_the_smoke_test_is_rolled_back_through_ContinueServiceDeployment_before_production_traffic_reaches_it()
    {
        var (world, listeners) = await ServiceWithALambdaHookAsync();
        await using var _ = world;
        var blue = (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>();
        world.Simulator.Faults.Answer("api:2", new AppAnswer(500, "upstream connect error"));
        world.Describe(Description(listeners, "example/api:2"));

        var result = world.Surface.Run(EcsDeployTests.Deploy(world));

        output.WriteLine(result.All);
        Assert.True(result.ExitCode == 3, result.All);
        Assert.Contains("deploy-ecs:api: RolledBack", result.All);
        Assert.Contains($"smoke test failed on the test listener — health: GET {listeners.TestUrl}health 3 of 3 request(s) failed: answered 500, expected 200", result.All);
        Assert.Contains($"✗ health: GET {listeners.TestUrl}health — 3 of 3 request(s) failed: answered 500, expected 200", result.All);
        Assert.Equal("ROLLBACK", Assert.Single(Continued(world))["action"]!.GetValue<string>());
        var deployment = world.Simulator.ServiceDeployments.Last();
        Assert.Equal("ROLLBACK_SUCCESSFUL", deployment.Status);
        Assert.False(world.Simulator.ProductionTrafficShifted(deployment.ServiceDeploymentArn));
        Assert.DoesNotContain(listeners.Served, r => r.Listener == "production" && r.Image == "example/api:2");
        Assert.Equal(blue, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
        using var json = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile));
        Assert.Equal("RolledBack", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("Smoke test on the test listener", json.RootElement.GetProperty("steps")[0].GetProperty("forensics").GetString());
    }

    [Fact]
    public async Task Green_too_slow_for_the_hooks_timeout_is_rolled_back()
    {
        // One hook minute is 0.3 s here; green takes 3 s per answer, so no check finishes before the hook expires.
        var (world, listeners) = await ServiceWithALambdaHookAsync(EcsSimulatorOptions.Default with { HookTimeoutScale = 0.005 });
        await using var _ = world;
        world.Simulator.Faults.Answer("api:2", new AppAnswer(200, "example/api:2", TimeSpan.FromSeconds(3)));
        world.Describe(Description(listeners, "example/api:2").Replace("requests: 3", "requests: 3\n          timeoutMinutes: 1"));

        var result = world.Surface.Run(EcsDeployTests.Deploy(world));

        output.WriteLine(result.All);
        Assert.True(result.ExitCode == 3, result.All);
        Assert.Contains("deploy-ecs:api: RolledBack", result.All);
        // Whether Deployer saw the hook before it expired depends on the poll: either its check ran out of time and it
        // answered ROLLBACK, or ECS took the hook's timeout action. Both end on blue.
        Assert.Matches("did not answer in time|the PAUSE lifecycle hook ecs-pause-[^ ]+ timed out and ECS rolled back", result.All);
        var deployment = world.Simulator.ServiceDeployments.Last();
        Assert.Equal("ROLLBACK_SUCCESSFUL", deployment.Status);
        Assert.False(world.Simulator.ProductionTrafficShifted(deployment.ServiceDeploymentArn));
    }

    [Fact]
    public async Task The_dry_run_shows_the_hook_and_the_checks_and_changes_nothing()
    {
        var (world, listeners) = await ServiceWithALambdaHookAsync();
        await using var _ = world;
        world.Describe(Description(listeners, "example/api:2"));
        var updates = world.Count("UpdateService");

        var result = world.Surface.Run([.. EcsDeployTests.Deploy(world), "--dry-run"]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("smoke hook: PAUSE at POST_TEST_TRAFFIC_SHIFT, rollback by ECS after 15 min (other lifecycle hooks kept)", result.Out);
        Assert.Contains($"smoke health: 3× GET {listeners.TestUrl}health → 200 containing \"example/api:2\" within 10000 ms; all pass: continue, else ContinueServiceDeployment ROLLBACK", result.Out);
        Assert.Contains($"~ lifecycleHooks: AWS_LAMBDA at PRE_SCALE_UP → {LambdaHook} → AWS_LAMBDA at PRE_SCALE_UP → {LambdaHook}, PAUSE at POST_TEST_TRAFFIC_SHIFT (smoke test, rollback after 15 min)", result.Out);
        Assert.Equal(updates, world.Count("UpdateService"));
        Assert.Empty(listeners.Served);
    }

    [Fact]
    public async Task Smoke_tests_without_test_traffic_or_with_bad_checks_are_refused_before_anything_changes()
    {
        var (world, listeners) = await ServiceWithALambdaHookAsync();
        await using var _ = world;
        world.Describe(Description(listeners, "example/api:2", strategy: "rolling", checks: """
                  checks:
                    - { name: health, path: health, expectStatus: 20 }
                    - { name: health }
        """));
        var updates = world.Count("UpdateService");

        var result = world.Surface.Run(EcsDeployTests.Deploy(world));

        Assert.True(result.ExitCode == 2, result.All);
        Assert.Contains("environments.staging.services[0].smoke: smoke tests run on the test listener, which only blueGreen, canary and linear deployments have", result.All);
        Assert.Contains("environments.staging.services[0].smoke.checks[0].path: 'health' must start with '/'", result.All);
        Assert.Contains("environments.staging.services[0].smoke.checks[0].expectStatus: 20 is not an HTTP status", result.All);
        Assert.Contains("smoke check 'health' is listed more than once", result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal(updates, world.Count("UpdateService"));
    }
}
