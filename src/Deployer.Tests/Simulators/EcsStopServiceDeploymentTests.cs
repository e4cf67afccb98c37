namespace Deployer.Tests.Simulators;

public class EcsStopServiceDeploymentTests
{
    [Fact]
    public async Task Stopping_with_ROLLBACK_puts_the_service_back_on_the_source_revision()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.SlowStart(":slow", TimeSpan.FromMinutes(10));
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        await ecs.CreateServiceAsync("web", v1, desiredCount: 2);
        var arn = await ecs.DeployAsync("web", await ecs.RegisterAsync("web", "registry.example/web:slow"));
        await ecs.WaitForDeploymentAsync(arn, "IN_PROGRESS");

        var stop = await ecs.Wire.CallAsync("StopServiceDeployment", new { serviceDeploymentArn = arn, stopType = "ROLLBACK" });
        Assert.Equal(arn, stop["serviceDeploymentArn"]!.GetValue<string>());
        var requested = await ecs.DescribeDeploymentAsync(arn);
        Assert.Equal("ROLLBACK_REQUESTED", requested["status"]!.GetValue<string>());

        var statuses = new List<string> { "ROLLBACK_REQUESTED" };
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var status = (await ecs.DescribeDeploymentAsync(arn))["status"]!.GetValue<string>();
            if (statuses[^1] != status) statuses.Add(status);
            return status == "ROLLBACK_SUCCESSFUL";
        }));
        Assert.Equal(["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"], statuses);

        var done = await ecs.DescribeDeploymentAsync(arn);
        Assert.Equal("Rollback requested by StopServiceDeployment.", done["rollback"]!["reason"]!.GetValue<string>());
        Assert.Equal(done["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>(), done["rollback"]!["serviceRevisionArn"]!.GetValue<string>());
        Assert.NotNull(done["finishedAt"]);
        var service = await ecs.DescribeServiceAsync("web");
        Assert.Equal(v1, service["taskDefinition"]!.GetValue<string>());
        var primary = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Equal(v1, primary["taskDefinition"]!.GetValue<string>());
        Assert.Equal(2, primary["runningCount"]!.GetValue<int>());
        Assert.Contains($"(service web) rolling back to deployment {primary["id"]!.GetValue<string>()}.", EcsTestbed.Messages(service));
    }

    [Fact]
    public async Task Stopping_with_ABORT_leaves_the_tasks_as_they_are()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.SlowStart(":slow", TimeSpan.FromMinutes(10));
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        await ecs.CreateServiceAsync("web", v1, desiredCount: 1);
        var slow = await ecs.RegisterAsync("web", "registry.example/web:slow");
        var arn = await ecs.DeployAsync("web", slow);
        await ecs.WaitForDeploymentAsync(arn, "IN_PROGRESS");

        await ecs.Wire.CallAsync("StopServiceDeployment", new { serviceDeploymentArn = arn, stopType = "ABORT" });
        Assert.Equal("STOP_REQUESTED", (await ecs.DescribeDeploymentAsync(arn))["status"]!.GetValue<string>());
        var done = await ecs.WaitForDeploymentAsync(arn, "STOPPED");
        Assert.NotNull(done["stoppedAt"]);
        Assert.Null(done["rollback"]);
        var service = await ecs.DescribeServiceAsync("web");
        Assert.Equal(slow, service["taskDefinition"]!.GetValue<string>());
        Assert.Equal("FAILED", service["deployments"]![0]!["rolloutState"]!.GetValue<string>());
        Assert.Equal(1, service["runningCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Stopping_an_unknown_or_finished_deployment_is_an_error()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        var created = await ecs.CreateServiceAsync("web", await ecs.RegisterAsync("web", "registry.example/web:1"), desiredCount: 1);
        var finished = created["currentServiceDeployment"]!.GetValue<string>();

        var unknown = await ecs.Wire.SendAsync("StopServiceDeployment", new { serviceDeploymentArn = finished + "x" });
        Assert.Equal((400, "ServiceDeploymentNotFoundException"), (unknown.Status, unknown.ErrorCode));
        var conflict = await ecs.Wire.SendAsync("StopServiceDeployment", new { serviceDeploymentArn = finished, stopType = "ROLLBACK" });
        Assert.Equal((400, "ConflictException"), (conflict.Status, conflict.ErrorCode));
        Assert.Contains("SUCCESSFUL", conflict.Message);
        var invalid = await ecs.Wire.SendAsync("StopServiceDeployment", new { serviceDeploymentArn = finished, stopType = "PAUSE" });
        Assert.Equal((400, "InvalidParameterException"), (invalid.Status, invalid.ErrorCode));
    }
}
