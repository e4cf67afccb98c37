using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;

namespace Deployer.Tests.Simulators;

public class EcsRunTaskTests
{
    private static async Task<JsonObject> RunAsync(EcsTestbed ecs, string taskDefinition, params string[] command)
    {
        var response = await ecs.Wire.CallAsync("RunTask", new JsonObject
        {
            ["cluster"] = EcsTestbed.Cluster,
            ["taskDefinition"] = taskDefinition,
            ["launchType"] = "FARGATE",
            ["networkConfiguration"] = EcsTestbed.Network,
            ["startedBy"] = "deployer",
            ["overrides"] = new JsonObject
            {
                ["containerOverrides"] = new JsonArray(new JsonObject { ["name"] = "app", ["command"] = new JsonArray(command.Select(c => (JsonNode?)c).ToArray()) }),
            },
        });
        Assert.Empty(response["failures"]!.AsArray());
        return response["tasks"]![0]!.AsObject();
    }

    private static async Task<JsonObject> WaitUntilStoppedAsync(EcsTestbed ecs, string taskArn)
    {
        JsonObject? task = null;
        Assert.True(await Eventually.TrueAsync(async () => (task = (await ecs.DescribeTasksAsync([taskArn]))[0])["lastStatus"]!.GetValue<string>() == "STOPPED"));
        return task!;
    }

    [Fact]
    public async Task A_one_off_task_exits_with_the_code_its_command_gets()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.TaskExitCodes = command => command is [.., "upgrade", "head"] ? 0 : 2;
        var migrate = await ecs.RegisterAsync("migrate", "registry.example/api:1", "alembic", "upgrade", "head");

        var started = await RunAsync(ecs, migrate, "alembic", "upgrade", "head");
        Assert.Equal(("PROVISIONING", "RUNNING"), (started["lastStatus"]!.GetValue<string>(), started["desiredStatus"]!.GetValue<string>()));
        Assert.Equal("family:migrate", started["group"]!.GetValue<string>());
        var failing = await RunAsync(ecs, migrate, "alembic", "downgrade", "base");

        var succeeded = await WaitUntilStoppedAsync(ecs, started["taskArn"]!.GetValue<string>());
        Assert.Equal("EssentialContainerExited", succeeded["stopCode"]!.GetValue<string>());
        Assert.Equal("Essential container in task exited", succeeded["stoppedReason"]!.GetValue<string>());
        Assert.Equal(0, succeeded["containers"]![0]!["exitCode"]!.GetValue<int>());
        Assert.Equal(["alembic", "upgrade", "head"], succeeded["overrides"]!["containerOverrides"]![0]!["command"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(succeeded["startedAt"]!.GetValue<double>() <= succeeded["stoppedAt"]!.GetValue<double>());
        var failed = await WaitUntilStoppedAsync(ecs, failing["taskArn"]!.GetValue<string>());
        Assert.Equal(2, failed["containers"]![0]!["exitCode"]!.GetValue<int>());

        var listed = (await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, startedBy = "deployer", desiredStatus = "STOPPED" }))["taskArns"]!.AsArray();
        Assert.Equal(2, listed.Count);
        Assert.Empty((await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, family = "migrate" }))["taskArns"]!.AsArray());
    }

    [Fact]
    public async Task A_one_off_task_of_an_unhealthy_image_reports_why_it_stopped()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.MakeUnhealthy("api:broken", TaskFailure.CannotPullImage);
        var task = await RunAsync(ecs, await ecs.RegisterAsync("migrate", "registry.example/api:broken"), "migrate");
        var stopped = await WaitUntilStoppedAsync(ecs, task["taskArn"]!.GetValue<string>());
        Assert.Equal("TaskFailedToStart", stopped["stopCode"]!.GetValue<string>());
        Assert.StartsWith("CannotPullContainerError", stopped["stoppedReason"]!.GetValue<string>());
        Assert.Null(stopped["containers"]![0]!["exitCode"]);
    }

    [Fact]
    public async Task StopTask_stops_a_task_with_the_reason_given_and_the_service_replaces_it()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        await ecs.CreateServiceAsync("web", await ecs.RegisterAsync("web", "registry.example/web:1"), desiredCount: 1);
        var original = (await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, serviceName = "web" }))["taskArns"]![0]!.GetValue<string>();

        var stopping = (await ecs.Wire.CallAsync("StopTask", new { cluster = EcsTestbed.Cluster, task = original, reason = "drill" }))["task"]!;
        Assert.Equal("STOPPED", stopping["desiredStatus"]!.GetValue<string>());
        var stopped = await WaitUntilStoppedAsync(ecs, original);
        Assert.Equal(("UserInitiated", "drill"), (stopped["stopCode"]!.GetValue<string>(), stopped["stoppedReason"]!.GetValue<string>()));
        Assert.True(await Eventually.TrueAsync(async () => (await ecs.DescribeServiceAsync("web"))["runningCount"]!.GetValue<int>() == 1));
        var replacement = (await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, serviceName = "web" }))["taskArns"]![0]!.GetValue<string>();
        Assert.NotEqual(original, replacement);

        var unknown = await ecs.Wire.SendAsync("StopTask", new { cluster = EcsTestbed.Cluster, task = "0123456789abcdef0123456789abcdef" });
        Assert.Equal((400, "InvalidParameterException"), (unknown.Status, unknown.ErrorCode));
    }
}
