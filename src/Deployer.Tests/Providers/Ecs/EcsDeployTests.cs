using System.Text.Json;
using Deployer.Simulators.Ecs;
using Deployer.Tests.Simulators;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>ECS deploys through ./build.sh's build class against the ECS simulator: outcome, exit code and forensics.</summary>
public class EcsDeployTests
{
    internal static string Description(string service, string image, string extra = "", int desiredCount = 2) => $$"""
        app: shop
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            cluster: shop
            services:
              - name: {{service}}
                imageUri: {{image}}
                desiredCount: {{desiredCount}}
        {{extra}}
        """;

    internal static string[] Deploy(EcsWorld world) =>
        ["DeployEcs", "--environment", "staging", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha];

    [Fact]
    public async Task A_healthy_deploy_succeeds_and_a_rerun_is_unchanged_and_registers_nothing()
    {
        await using var world = await EcsWorld.StartAsync();
        var old = await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Describe(Description("api", "example/api:2"));

        var first = world.Surface.Run(Deploy(world));

        Assert.True(first.ExitCode == 0, first.All);
        Assert.Contains("✓ deploy-ecs:api: Succeeded", first.All);
        Assert.Equal("example/api:2", (await world.LiveTaskDefinitionAsync("api"))["containerDefinitions"]![0]!["image"]!.GetValue<string>());
        var registered = world.Count("RegisterTaskDefinition");

        var second = world.Surface.Run(Deploy(world));

        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("Unchanged: Nothing changed", second.All);
        Assert.Equal(registered, world.Count("RegisterTaskDefinition"));
        Assert.Equal(1, world.Count("UpdateService"));
        Assert.NotEqual(old, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
    }

    [Fact]
    public async Task When_the_new_tasks_never_get_healthy_the_circuit_breaker_rolls_back_and_the_exit_code_says_so()
    {
        await using var world = await EcsWorld.StartAsync();
        var old = await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Simulator.Faults.MakeUnhealthy("api:broken");
        world.Describe(Description("api", "example/api:broken"));

        var result = world.Surface.Run(Deploy(world));

        Assert.Equal(3, result.ExitCode);
        Assert.True(result.All.Contains("deploy-ecs:api: RolledBack"), result.All);
        Assert.Matches(@"RolledBack: deploy-ecs:api rolled back: circuit breaker triggered after \d failed task\(s\) \(threshold 3\)", result.All);
        Assert.True(result.All.Contains("Why deploy-ecs:api did not succeed:"), result.All);
        Assert.Matches(@"Circuit breaker: TRIGGERED, \d failed task\(s\) of a threshold of 3", result.All);
        Assert.True(result.All.Contains("Essential container in task exited"), result.All);
        Assert.True(result.All.Contains("container api: exit code 1"), result.All);
        Assert.True(result.All.Contains("Service events since the deploy began"), result.All);
        Assert.Equal(old, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
        using var json = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile));
        Assert.Equal("RolledBack", json.RootElement.GetProperty("outcome").GetString());
        Assert.Contains("Essential container in task exited", json.RootElement.GetProperty("steps")[0].GetProperty("forensics").GetString());
    }

    [Fact]
    public async Task A_deploy_that_outlives_its_timeout_is_stopped_with_a_rollback_and_times_out()
    {
        await using var world = await EcsWorld.StartAsync();
        var old = await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Simulator.Faults.MakeUnhealthy("api:flaky");
        // Without the circuit breaker ECS keeps replacing failing tasks forever: only the timeout ends it.
        world.Describe(Description("api", "example/api:flaky").Replace("desiredCount: 2", "desiredCount: 2\n        circuitBreaker: false\n        timeoutMinutes: 1"));
        world.Surface.Time = new ScaledTimeProvider(30);

        var result = world.Surface.Run(Deploy(world));

        Assert.Equal(4, result.ExitCode);
        Assert.True(result.All.Contains("deploy-ecs:api: TimedOut"), result.All);
        Assert.True(result.All.Contains("after 1 min; stopped with rollback:"), result.All);
        Assert.True(result.All.Contains("Stopped tasks of shop-api:2"), result.All);
        Assert.True(result.All.Contains("Essential container in task exited"), result.All);
        var stop = Assert.Single(world.Simulator.Exchanges, e => e.Operation == "StopServiceDeployment");
        Assert.Contains("\"stopType\":\"ROLLBACK\"", stop.RequestJson);
        Assert.True(await Eventually.TrueAsync(async () => (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>() == old));
    }

    [Fact]
    public async Task Cancelling_the_run_stops_the_deployment_with_a_rollback_before_exiting()
    {
        await using var world = await EcsWorld.StartAsync();
        var old = await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Simulator.Faults.SlowStart("api:slow", TimeSpan.FromMinutes(5));
        world.Describe(Description("api", "example/api:slow"));
        using var cancel = new CancellationTokenSource();

        var polled = world.Count("DescribeServiceDeployments");
        var run = Task.Run(() => world.Surface.Run(cancel.Token, Deploy(world)));
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(world.Count("UpdateService") > 0 && world.Count("DescribeServiceDeployments") > polled)));
        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(130, result.ExitCode);
        Assert.True(result.All.Contains("deploy-ecs:api: Cancelled"), result.All);
        Assert.True(result.All.Contains("cancelled; stopped with rollback: Rollback requested by StopServiceDeployment."), result.All);
        Assert.True(result.All.Contains("Why deploy-ecs:api did not succeed:"), result.All);
        Assert.True(result.All.Contains("Service events since the deploy began"), result.All);
        Assert.Single(world.Simulator.Exchanges, e => e.Operation == "StopServiceDeployment");
        Assert.Equal(old, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_and_the_deploy_still_succeeds()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1);
        world.Describe(Description("api", "example/api:2", desiredCount: 1));
        world.Simulator.Faults.ThrottleNext(3, "DescribeServices");
        world.Simulator.Faults.FailNext(2, "UpdateService");

        var result = world.Surface.Run(Deploy(world));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal(3, world.Simulator.Exchanges.Count(e => e.Operation == "DescribeServices" && e.ResponseJson.Contains("ThrottlingException")));
        Assert.Equal(2, world.Simulator.Exchanges.Count(e => e.Operation == "UpdateService" && e.StatusCode == 500));
    }

    [Fact]
    public async Task Throttling_that_never_ends_fails_with_the_aws_error_and_no_stack_trace()
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1);
        world.Describe(Description("api", "example/api:2", desiredCount: 1));
        world.Simulator.Faults.ThrottleNext(1000, "DescribeServices");
        world.Surface.Time = new ScaledTimeProvider(30);

        var result = world.Surface.Run(Deploy(world));

        Assert.Equal(1, result.ExitCode);
        Assert.True(result.All.Contains("ECS DescribeServices failed: ThrottlingException: Rate exceeded"), result.All);
        Assert.DoesNotContain("   at ", result.All);
        Assert.Equal(0, world.Count("UpdateService"));
    }

    [Theory]
    [InlineData("strategy: blueGreen\n        bakeMinutes: 5", "\"strategy\":\"BLUE_GREEN\"", "\"bakeTimeInMinutes\":5")]
    [InlineData("strategy: canary\n        canaryPercent: 10\n        bakeMinutes: 3", "\"strategy\":\"CANARY\"", "\"canaryConfiguration\":{\"canaryPercent\":10,\"canaryBakeTimeInMinutes\":3}")]
    [InlineData("strategy: linear\n        stepPercent: 25\n        bakeMinutes: 1", "\"strategy\":\"LINEAR\"", "\"linearConfiguration\":{\"stepPercent\":25,\"stepBakeTimeInMinutes\":1}")]
    public async Task Native_ecs_strategies_are_sent_with_their_settings_and_a_rerun_is_unchanged(string settings, string strategy, string configuration)
    {
        await using var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 2);
        world.Describe(Description("api", "example/api:2").Replace("desiredCount: 2", "desiredCount: 2\n        " + settings));

        var first = world.Surface.Run(Deploy(world));
        var second = world.Surface.Run(Deploy(world));

        Assert.True(first.ExitCode == 0, first.All);
        var update = Assert.Single(world.Simulator.Exchanges, e => e.Operation == "UpdateService");
        Assert.Contains(strategy, update.RequestJson);
        Assert.Contains(configuration, update.RequestJson);
        Assert.Empty(ServiceModel.Botocore.ValidateInput("ecs", "UpdateService", System.Text.Json.Nodes.JsonNode.Parse(update.RequestJson)));
        Assert.True(second.All.Contains("Unchanged: Nothing changed"), second.All);
    }

    [Fact]
    public async Task A_service_that_does_not_exist_fails_with_what_to_do()
    {
        await using var world = await EcsWorld.StartAsync();
        world.Describe(Description("ghost", "example/ghost:1"));

        var result = world.Surface.Run(Deploy(world));

        Assert.Equal(1, result.ExitCode);
        Assert.True(result.All.Contains("service 'ghost' does not exist in cluster 'shop': Deployer updates existing services"), result.All);
        Assert.Equal(0, world.Count("RegisterTaskDefinition"));
    }
}
