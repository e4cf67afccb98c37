using System.Text.Json.Nodes;
using static Deployer.Tests.Simulators.EcsCliScenario;

namespace Deployer.Tests.Simulators;

/// <summary>The AWS CLI runs one-off tasks, waits for them to stop and reads their exit codes.</summary>
public class EcsAwsCliTaskTests
{
    [Fact]
    public async Task The_CLI_runs_one_off_tasks_and_reads_their_exit_codes()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:1");
        await using var _ = simulator;
        simulator.Faults.TaskExitCodes = command => command.Contains("--fail") ? 3 : 0;

        async Task<string> RunAsync(string command) =>
            (await aws.EcsJsonAsync("run-task", "--cluster", "shop", "--task-definition", "web:1", "--launch-type", "FARGATE",
                "--network-configuration", Network, "--started-by", "deployer-migrate",
                "--overrides", new JsonObject { ["containerOverrides"] = new JsonArray(new JsonObject { ["name"] = "app", ["command"] = JsonNode.Parse(command) }) }.ToJsonString()))
            ["tasks"]![0]!["taskArn"]!.GetValue<string>();
        var good = await RunAsync("""["migrate","up"]""");
        var bad = await RunAsync("""["migrate","up","--fail"]""");

        Assert.Equal(0, (await aws.EcsAsync("wait", "tasks-stopped", "--cluster", "shop", "--tasks", good, bad)).ExitCode);
        var tasks = (await aws.EcsJsonAsync("describe-tasks", "--cluster", "shop", "--tasks", good, bad))["tasks"]!.AsArray();
        Assert.All(tasks, task =>
        {
            Assert.Equal("STOPPED", task!["lastStatus"]!.GetValue<string>());
            Assert.Equal("EssentialContainerExited", task["stopCode"]!.GetValue<string>());
            Assert.Equal("Essential container in task exited", task["stoppedReason"]!.GetValue<string>());
            Assert.Equal("deployer-migrate", task["startedBy"]!.GetValue<string>());
        });
        Assert.Equal(0, tasks.Single(t => t!["taskArn"]!.GetValue<string>() == good)!["containers"]![0]!["exitCode"]!.GetValue<int>());
        Assert.Equal(3, tasks.Single(t => t!["taskArn"]!.GetValue<string>() == bad)!["containers"]![0]!["exitCode"]!.GetValue<int>());
        var listed = (await aws.EcsJsonAsync("list-tasks", "--cluster", "shop", "--started-by", "deployer-migrate", "--desired-status", "STOPPED"))["taskArns"]!.AsArray();
        Assert.Equal(new[] { good, bad }.Order(), listed.Select(a => a!.GetValue<string>()).Order());
    }
}
