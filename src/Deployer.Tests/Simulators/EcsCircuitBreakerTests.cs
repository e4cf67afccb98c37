using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs;

namespace Deployer.Tests.Simulators;

public class EcsCircuitBreakerTests
{
    private static JsonObject Breaker(bool enable, bool rollback) => new()
    {
        ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = enable, ["rollback"] = rollback },
        ["maximumPercent"] = 200,
        ["minimumHealthyPercent"] = 100,
    };

    [Fact]
    public async Task An_unhealthy_image_trips_the_circuit_breaker_which_rolls_back_to_the_previous_task_definition()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.MakeUnhealthy(":crash");
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        var bad = await ecs.RegisterAsync("web", "registry.example/web:crash");
        await ecs.CreateServiceAsync("web", v1, desiredCount: 2, Breaker(enable: true, rollback: true));
        var arn = await ecs.DeployAsync("web", bad);

        var statuses = new List<string>();
        JsonObject? duringRollback = null;
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var status = (await ecs.DescribeDeploymentAsync(arn))["status"]!.GetValue<string>();
            if (statuses.LastOrDefault() != status) statuses.Add(status);
            if (status == "ROLLBACK_IN_PROGRESS") duringRollback ??= await ecs.DescribeServiceAsync("web");
            return status == "ROLLBACK_SUCCESSFUL";
        }));
        Assert.Equal(["IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"], statuses.SkipWhile(s => s == "PENDING"));

        // While rolling back: a new PRIMARY on the previous task definition, the failed deployment draining.
        Assert.NotNull(duringRollback);
        var deployments = duringRollback!["deployments"]!.AsArray();
        Assert.Equal("PRIMARY", deployments[0]!["status"]!.GetValue<string>());
        Assert.Equal(v1, deployments[0]!["taskDefinition"]!.GetValue<string>());
        var failed = deployments.Single(d => d!["taskDefinition"]!.GetValue<string>() == bad)!;
        Assert.Contains(failed["status"]!.GetValue<string>(), new[] { "ACTIVE", "INACTIVE" });
        Assert.Equal("FAILED", failed["rolloutState"]!.GetValue<string>());
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", failed["rolloutStateReason"]!.GetValue<string>());
        Assert.True(failed["failedTasks"]!.GetValue<int>() >= 3);

        var done = await ecs.DescribeDeploymentAsync(arn);
        var breaker = done["deploymentCircuitBreaker"]!;
        Assert.Equal("TRIGGERED", breaker["status"]!.GetValue<string>());
        Assert.Equal(3, breaker["threshold"]!.GetValue<int>());
        Assert.True(breaker["failureCount"]!.GetValue<int>() >= 3);
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", done["statusReason"]!.GetValue<string>());
        var rollback = done["rollback"]!;
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", rollback["reason"]!.GetValue<string>());
        Assert.Equal(done["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>(), rollback["serviceRevisionArn"]!.GetValue<string>());
        Assert.True(rollback["startedAt"]!.GetValue<double>() <= done["finishedAt"]!.GetValue<double>());
        Assert.Null(ecs.Simulator.SucceededAt(arn));

        var service = await ecs.DescribeServiceAsync("web");
        Assert.Equal(v1, service["taskDefinition"]!.GetValue<string>());
        var primary = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Equal("COMPLETED", primary["rolloutState"]!.GetValue<string>());
        var failedId = failed["id"]!.GetValue<string>();
        var rollbackId = primary["id"]!.GetValue<string>();
        var messages = EcsTestbed.Messages(service).ToList();
        var order = new[]
        {
            $"(service web) (deployment {failedId}) deployment failed: tasks failed to start.",
            $"(service web) rolling back to deployment {rollbackId}.",
            $"(service web) (deployment {rollbackId}) deployment completed.",
            "(service web) has reached a steady state.",
        }.Select(m => messages.IndexOf(m)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.OrderDescending(), order);

        var stopped = (await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, startedBy = failedId, desiredStatus = "STOPPED" }))["taskArns"]!.AsArray();
        var crashed = (await ecs.DescribeTasksAsync(stopped.Select(a => a!.GetValue<string>()))).Where(t => t["stopCode"]!.GetValue<string>() == "EssentialContainerExited").ToList();
        Assert.Equal(breaker["failureCount"]!.GetValue<int>(), crashed.Count);
        Assert.All(crashed, task =>
        {
            Assert.Equal("Essential container in task exited", task["stoppedReason"]!.GetValue<string>());
            Assert.Equal(1, task["containers"]![0]!["exitCode"]!.GetValue<int>());
            Assert.NotNull(task["startedAt"]);
        });
    }

    [Fact]
    public async Task Without_the_circuit_breaker_a_failing_deployment_keeps_trying_and_never_ends()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.MakeUnhealthy(":crash");
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        await ecs.CreateServiceAsync("web", v1, desiredCount: 2);
        var arn = await ecs.DeployAsync("web", await ecs.RegisterAsync("web", "registry.example/web:crash"));

        Assert.True(await Eventually.TrueAsync(async () => (await ecs.DescribeServiceAsync("web"))["deployments"]![0]!["failedTasks"]!.GetValue<int>() >= 8));
        var deployment = await ecs.DescribeDeploymentAsync(arn);
        Assert.Equal("IN_PROGRESS", deployment["status"]!.GetValue<string>());
        Assert.Equal("SCALE_UP", deployment["lifecycleStage"]!.GetValue<string>());
        Assert.Equal("DISABLED", deployment["deploymentCircuitBreaker"]!["status"]!.GetValue<string>());
        var service = await ecs.DescribeServiceAsync("web");
        var deployments = service["deployments"]!.AsArray();
        Assert.Equal(2, deployments.Count);
        Assert.Equal("IN_PROGRESS", deployments[0]!["rolloutState"]!.GetValue<string>());
        Assert.Equal(2, deployments[1]!["runningCount"]!.GetValue<int>());
        Assert.Equal(v1, deployments[1]!["taskDefinition"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_circuit_breaker_without_rollback_stops_the_deployment_and_launches_nothing_more()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.MakeUnhealthy(":crash");
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        await ecs.CreateServiceAsync("web", v1, desiredCount: 2, Breaker(enable: true, rollback: false));
        var arn = await ecs.DeployAsync("web", await ecs.RegisterAsync("web", "registry.example/web:crash"));

        var done = await ecs.WaitForDeploymentAsync(arn, "STOPPED");
        Assert.Equal("TRIGGERED", done["deploymentCircuitBreaker"]!["status"]!.GetValue<string>());
        Assert.Null(done["rollback"]);
        Assert.True(done["deploymentCircuitBreaker"]!["failureCount"]!.GetValue<int>() >= 3);

        // Tasks already launched still die; nothing new starts after that.
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var primary = (await ecs.DescribeServiceAsync("web"))["deployments"]![0]!;
            return primary["runningCount"]!.GetValue<int>() + primary["pendingCount"]!.GetValue<int>() == 0;
        }));
        var failedTasks = (await ecs.DescribeServiceAsync("web"))["deployments"]![0]!["failedTasks"]!.GetValue<int>();
        await Task.Delay(ecs.Simulator.Options.TaskStartDelay * 3);
        var service = await ecs.DescribeServiceAsync("web");
        var primary = service["deployments"]![0]!;
        Assert.Equal("PRIMARY", primary["status"]!.GetValue<string>());
        Assert.Equal("FAILED", primary["rolloutState"]!.GetValue<string>());
        Assert.Equal(failedTasks, primary["failedTasks"]!.GetValue<int>());
        Assert.Equal(0, primary["runningCount"]!.GetValue<int>() + primary["pendingCount"]!.GetValue<int>());
        Assert.Equal(2, service["runningCount"]!.GetValue<int>());
        Assert.Equal(done["deploymentCircuitBreaker"]!.ToJsonString(), (await ecs.DescribeDeploymentAsync(arn))["deploymentCircuitBreaker"]!.ToJsonString());
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_fails_to_start_and_a_first_deployment_cannot_roll_back()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.MakeUnhealthy(":missing", TaskFailure.CannotPullImage);
        var missing = await ecs.RegisterAsync("web", "registry.example/web:missing");
        var created = await ecs.Wire.CallAsync("CreateService", new JsonObject
        {
            ["cluster"] = EcsTestbed.Cluster, ["serviceName"] = "web", ["taskDefinition"] = missing, ["desiredCount"] = 1,
            ["launchType"] = "FARGATE", ["networkConfiguration"] = EcsTestbed.Network, ["deploymentConfiguration"] = Breaker(enable: true, rollback: true),
        });
        var done = await ecs.WaitForDeploymentAsync(created["service"]!["currentServiceDeployment"]!.GetValue<string>(), "ROLLBACK_FAILED");
        Assert.StartsWith("ECS deployment circuit breaker: tasks failed to start.", done["statusReason"]!.GetValue<string>());
        Assert.Empty(done["sourceServiceRevisions"]!.AsArray());

        var stopped = (await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, serviceName = "web", desiredStatus = "STOPPED" }))["taskArns"]!.AsArray();
        Assert.All(await ecs.DescribeTasksAsync(stopped.Select(a => a!.GetValue<string>())), task =>
        {
            Assert.Equal("TaskFailedToStart", task["stopCode"]!.GetValue<string>());
            Assert.StartsWith("CannotPullContainerError:", task["stoppedReason"]!.GetValue<string>());
            Assert.Null(task["startedAt"]);
            Assert.StartsWith("CannotPullContainerError:", task["containers"]![0]!["reason"]!.GetValue<string>());
        });
    }
}
