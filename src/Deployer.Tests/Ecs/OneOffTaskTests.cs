using Deployer.Aws;
using Deployer.Ecs;
using Deployer.Execution;

namespace Deployer.Tests.Ecs;

/// <summary>One-off tasks (migrations, jobs) on the ECS simulator: they wait for the task and return its exit code.</summary>
public class OneOffTaskTests
{
    private static async Task<(EcsWorld World, AwsClients Aws, OneOffTaskRequest Request)> ArrangeAsync(params string[] command)
    {
        var world = await EcsWorld.StartAsync();
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
}
