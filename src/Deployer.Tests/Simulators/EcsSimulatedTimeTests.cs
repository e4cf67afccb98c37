using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Simulators;

/// <summary>With a FakeTimeProvider the simulation moves only when the test advances the clock, one tick at a time.</summary>
public class EcsSimulatedTimeTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Stages =
    [
        "RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
        "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP",
    ];

    private sealed record Observation(DateTimeOffset At, string Status, string? Stage, JsonObject Service);

    /// <summary>Advances the clock one tick at a time, describing the deployment and the service after each tick, until it is terminal.</summary>
    private static async Task<List<Observation>> StepUntilDoneAsync(EcsTestbed ecs, FakeTimeProvider clock, string arn, string service)
    {
        var observations = new List<Observation>();
        for (var tick = 0; tick < 400; tick++)
        {
            clock.Advance(ecs.Simulator.Options.TickInterval);
            var deployment = await ecs.DescribeDeploymentAsync(arn);
            var status = deployment["status"]!.GetValue<string>();
            observations.Add(new Observation(clock.GetUtcNow(), status, deployment["lifecycleStage"]?.GetValue<string>(), await ecs.DescribeServiceAsync(service)));
            if (status is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED") return observations;
        }
        Assert.Fail($"{arn} did not finish in 400 ticks: {observations[^1]}");
        return observations;
    }

    private static async Task<(string Arn, string Service)> CreateAsync(EcsTestbed ecs, int desiredCount, JsonObject? deploymentConfiguration = null)
    {
        var request = new JsonObject
        {
            ["cluster"] = EcsTestbed.Cluster, ["serviceName"] = "web", ["desiredCount"] = desiredCount,
            ["taskDefinition"] = await ecs.RegisterAsync("web", "registry.example/web:1"),
            ["launchType"] = "FARGATE", ["networkConfiguration"] = EcsTestbed.Network,
        };
        if (deploymentConfiguration is not null) request["deploymentConfiguration"] = deploymentConfiguration;
        var service = (await ecs.Wire.CallAsync("CreateService", request))["service"]!;
        return (service["currentServiceDeployment"]!.GetValue<string>(), "web");
    }

    [Fact]
    public async Task Nothing_moves_until_the_clock_does_and_SucceededAt_is_the_tick_that_made_it_visible()
    {
        var clock = new FakeTimeProvider(Start);
        await using var ecs = await EcsTestbed.StartAsync(new EcsSimulatorOptions { TimeProvider = clock });
        var (arn, service) = await CreateAsync(ecs, desiredCount: 2);

        await Task.Delay(200);
        var frozen = await ecs.DescribeDeploymentAsync(arn);
        Assert.Equal("PENDING", frozen["status"]!.GetValue<string>());
        Assert.Equal(Start.ToUnixTimeSeconds(), frozen["createdAt"]!.GetValue<double>());

        var observations = await StepUntilDoneAsync(ecs, clock, arn, service);
        var last = observations[^1];
        Assert.Equal("SUCCESSFUL", last.Status);
        Assert.Equal(last.At, ecs.Simulator.SucceededAt(arn));
        Assert.All(observations.SkipLast(1), o => Assert.NotEqual("SUCCESSFUL", o.Status));
        var stages = observations.Select(o => o.Stage).OfType<string>().Distinct().ToList();
        Assert.Equal(stages.OrderBy(s => Array.IndexOf(Stages, s)), stages);
        Assert.Contains("SCALE_UP", stages);
        // Start delay 200 ms plus the stages around it: the first deployment takes a fixed number of ticks.
        Assert.InRange(last.At - Start, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(700));
        Assert.Equal(2, last.Service["runningCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_blue_green_deployment_shifts_traffic_bakes_and_only_then_cleans_up_the_old_tasks()
    {
        var clock = new FakeTimeProvider(Start);
        await using var ecs = await EcsTestbed.StartAsync(new EcsSimulatorOptions { TimeProvider = clock, BakeTimeScale = 0.001 });
        var configuration = new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 10 };
        var (created, service) = await CreateAsync(ecs, desiredCount: 2, configuration);
        await StepUntilDoneAsync(ecs, clock, created, service);

        var v2 = await ecs.RegisterAsync("web", "registry.example/web:2");
        var arn = await ecs.DeployAsync(service, v2);
        var observations = await StepUntilDoneAsync(ecs, clock, arn, service);
        Assert.Equal("SUCCESSFUL", observations[^1].Status);

        var stages = observations.Select(o => o.Stage).OfType<string>().Distinct().ToList();
        Assert.Equal(["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
            "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"], stages);
        var baking = observations.Where(o => o.Stage == "BAKE_TIME").ToList();
        Assert.True(baking[^1].At - baking[0].At >= TimeSpan.FromMilliseconds(600) - ecs.Simulator.Options.TickInterval);
        Assert.All(baking, o =>
        {
            Assert.Equal(4, o.Service["runningCount"]!.GetValue<int>());
            Assert.Equal(2, o.Service["deployments"]!.AsArray().Count);
        });
        var final = observations[^1].Service;
        Assert.Equal(2, final["runningCount"]!.GetValue<int>());
        Assert.Equal(v2, Assert.Single(final["deployments"]!.AsArray())!["taskDefinition"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(2, 200, 100, 4)]
    [InlineData(4, 150, 50, 6)]
    [InlineData(4, 100, 50, 4)]
    [InlineData(2, 100, 0, 2)]
    public async Task A_rolling_deployment_stays_within_maximumPercent_and_minimumHealthyPercent(int desired, int maximumPercent, int minimumHealthyPercent, int mostTasks)
    {
        var clock = new FakeTimeProvider(Start);
        await using var ecs = await EcsTestbed.StartAsync(new EcsSimulatorOptions { TimeProvider = clock });
        var configuration = new JsonObject { ["maximumPercent"] = maximumPercent, ["minimumHealthyPercent"] = minimumHealthyPercent };
        var (created, service) = await CreateAsync(ecs, desired, configuration);
        await StepUntilDoneAsync(ecs, clock, created, service);

        var observations = await StepUntilDoneAsync(ecs, clock, await ecs.DeployAsync(service, await ecs.RegisterAsync("web", "registry.example/web:2")), service);
        Assert.Equal("SUCCESSFUL", observations[^1].Status);
        var live = observations.Select(o => o.Service["runningCount"]!.GetValue<int>() + o.Service["pendingCount"]!.GetValue<int>()).ToList();
        Assert.Equal(mostTasks, live.Max());
        var leastHealthy = (int)Math.Ceiling(desired * minimumHealthyPercent / 100.0);
        Assert.All(observations, o => Assert.True(o.Service["runningCount"]!.GetValue<int>() >= leastHealthy, o.Service["events"]![0]!.ToJsonString()));
    }
}
