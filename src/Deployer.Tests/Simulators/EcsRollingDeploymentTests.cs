using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deployer.Tests.Simulators;

public class EcsRollingDeploymentTests
{
    [Fact]
    public async Task A_rolling_deployment_replaces_every_task_and_ends_SUCCESSFUL()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        var v2 = await ecs.RegisterAsync("web", "registry.example/web:2");
        await ecs.CreateServiceAsync("web", v1, desiredCount: 2);
        var v1Tasks = (await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, serviceName = "web" }))["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(2, v1Tasks.Count);

        var arn = await ecs.DeployAsync("web", v2);
        Assert.Matches(@"^arn:aws:ecs:us-east-1:123456789012:service-deployment/shop/web/[A-Za-z0-9_-]{22}$", arn);
        var during = await ecs.DescribeServiceAsync("web");
        Assert.Equal(v2, during["taskDefinition"]!.GetValue<string>());
        Assert.Equal(["PRIMARY", "ACTIVE"], during["deployments"]!.AsArray().Select(d => d!["status"]!.GetValue<string>()));
        Assert.Equal("IN_PROGRESS", during["deployments"]![0]!["rolloutState"]!.GetValue<string>());

        var stages = new List<string>();
        var done = await ecs.WaitForDeploymentAsync(arn, "SUCCESSFUL");
        var succeededAt = ecs.Simulator.SucceededAt(arn);
        Assert.NotNull(succeededAt);
        Assert.Equal("CLEAN_UP", done["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(succeededAt!.Value.ToUnixTimeMilliseconds() / 1000.0, done["finishedAt"]!.GetValue<double>(), 3);
        Assert.Equal("DISABLED", done["deploymentCircuitBreaker"]!["status"]!.GetValue<string>());
        Assert.Single(done["sourceServiceRevisions"]!.AsArray());
        Assert.Equal(2, done["targetServiceRevision"]!["runningTaskCount"]!.GetValue<int>());

        var service = await ecs.DescribeServiceAsync("web");
        var deployment = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Equal("PRIMARY", deployment["status"]!.GetValue<string>());
        Assert.Equal("COMPLETED", deployment["rolloutState"]!.GetValue<string>());
        Assert.Matches(@"^ECS deployment ecs-svc/\d{19} completed\.$", deployment["rolloutStateReason"]!.GetValue<string>());
        Assert.Equal(2, service["runningCount"]!.GetValue<int>());
        Assert.Equal(0, service["pendingCount"]!.GetValue<int>());

        var messages = EcsTestbed.Messages(service).ToList();
        var id = deployment["id"]!.GetValue<string>();
        Assert.Equal("(service web) has reached a steady state.", messages[0]);
        Assert.Equal($"(service web) (deployment {id}) deployment completed.", messages[1]);
        Assert.Contains(messages, m => Regex.IsMatch(m, @"^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$"));
        Assert.Contains(messages, m => Regex.IsMatch(m, @"^\(service web\) has stopped \d running tasks: (\(task [0-9a-f]{32}\) ?)+\.$"));

        var old = await ecs.DescribeTasksAsync(v1Tasks);
        Assert.All(old, task =>
        {
            Assert.Equal("STOPPED", task["lastStatus"]!.GetValue<string>());
            Assert.Equal("ServiceSchedulerInitiated", task["stopCode"]!.GetValue<string>());
            Assert.Equal($"Scaling activity initiated by (deployment {id})", task["stoppedReason"]!.GetValue<string>());
        });
        var running = (await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, serviceName = "web" }))["taskArns"]!.AsArray().Select(a => a!.GetValue<string>());
        Assert.All(await ecs.DescribeTasksAsync(running), task =>
        {
            Assert.Equal(v2, task["taskDefinitionArn"]!.GetValue<string>());
            Assert.Equal(id, task["startedBy"]!.GetValue<string>());
            Assert.Equal("service:web", task["group"]!.GetValue<string>());
        });
    }
}
