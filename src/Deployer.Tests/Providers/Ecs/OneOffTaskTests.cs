using Deployer.Aws;
using Deployer.Providers.Ecs;
using Deployer.Execution;
using Deployer.Simulators.Ecs;
using Deployer.Tests.Simulators;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>One-off tasks (migrations, jobs) on the ECS simulator: they wait for the task and return its exit code.</summary>
public class OneOffTaskTests
{
    private static async Task<(EcsWorld World, AwsClients Aws, OneOffTaskRequest Request)> ArrangeAsync(params string[] command) =>
        await ArrangeAsync(null, command);

    private static async Task<(EcsWorld World, AwsClients Aws, OneOffTaskRequest Request)> ArrangeAsync(EcsSimulatorOptions? options, params string[] command)
    {
        var world = await EcsWorld.StartAsync(options: options);
        await world.SeedServiceAsync("api", "example/api:1", 1);
        world.Simulator.Faults.TaskExitCodes = cmd => cmd.Contains("fail") ? 3 : 0;
        var aws = AwsClients.FromEnvironment(world.Surface.Environment, "us-east-1", TimeProvider.System);
        var service = (await aws.Ecs.DescribeServiceAsync(EcsWorld.Cluster, "api", CancellationToken.None))!;
        var request = new OneOffTaskRequest(EcsWorld.Cluster, service.TaskDefinition, "api", command,
            new Dictionary<string, string> { ["DATABASE_URL"] = "postgresql://migrator@db/app" }, service.NetworkConfiguration, TimeSpan.FromMinutes(2));
        return (world, aws, request);
    }

    [Fact]
    public async Task A_task_that_exits_zero_succeeds_with_its_exit_code_recorded()
    {
        var (world, aws, request) = await ArrangeAsync("alembic", "upgrade", "head");
        await using var _ = world;
        using var __ = aws;

        var result = await new OneOffTask(aws.Ecs, TimeProvider.System, new PollingOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), _ => { })
            .RunAsync(request, CancellationToken.None);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal("0", result.Outputs["exit-code"]);
        var run = Assert.Single(world.Simulator.Exchanges, e => e.Operation == "RunTask");
        Assert.Contains("\"command\":[\"alembic\",\"upgrade\",\"head\"]", run.RequestJson);
        Assert.Contains("awsvpcConfiguration", run.RequestJson);
    }

    [Fact]
    public async Task A_task_that_exits_non_zero_fails_with_the_exit_code_and_the_stopped_reason()
    {
        var (world, aws, request) = await ArrangeAsync("alembic", "upgrade", "fail");
        await using var _ = world;
        using var __ = aws;

        var result = await new OneOffTask(aws.Ecs, TimeProvider.System, new PollingOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), _ => { })
            .RunAsync(request, CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.EndsWith("exited with code 3", result.Message);
        Assert.Equal("3", result.Outputs["exit-code"]);
        Assert.Contains("container api: exit code 3", result.Forensics);
    }

    [Fact]
    public async Task A_task_that_outlives_its_timeout_is_stopped_and_reported_as_timed_out()
    {
        var (world, aws, request) = await ArrangeAsync(EcsSimulatorOptions.Default with { RunTaskDuration = TimeSpan.FromHours(1) }, "sleep", "infinity");
        await using var _ = world;
        using var __ = aws;

        var result = await new OneOffTask(aws.Ecs, TimeProvider.System, new PollingOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)), _ => { })
            .RunAsync(request with { Timeout = TimeSpan.FromMilliseconds(500) }, CancellationToken.None);

        Assert.Equal(Outcome.TimedOut, result.Outcome);
        Assert.Matches(@"^task [0-9a-f]+ still RUNNING after 0\.5 s; stopped it$", result.Message);
        var stop = Assert.Single(world.Simulator.Exchanges, e => e.Operation == "StopTask");
        Assert.Contains(result.Outputs["task"], stop.RequestJson);
        Assert.True(await Eventually.TrueAsync(async () =>
            (await aws.Ecs.DescribeTasksAsync(EcsWorld.Cluster, [result.Outputs["task"]], CancellationToken.None)).Single().LastStatus == "STOPPED"));
    }
}
