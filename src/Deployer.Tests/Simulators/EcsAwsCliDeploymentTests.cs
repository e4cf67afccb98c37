using System.Text.Json.Nodes;
using static Deployer.Tests.Simulators.EcsCliScenario;

namespace Deployer.Tests.Simulators;

/// <summary>The AWS CLI v1 (botocore 1.43) and boto3 drive a deployment through the simulator: clients nobody here wrote.</summary>
public class EcsAwsCliDeploymentTests
{
    [Fact]
    public async Task The_CLI_registers_creates_updates_and_waits_until_services_stable()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:1");
        await using var _ = simulator;
        Assert.Equal(0, (await aws.EcsAsync("wait", "services-stable", "--cluster", "shop", "--services", "web")).ExitCode);

        var registered = await aws.EcsJsonAsync("register-task-definition", "--cli-input-json", TaskDefinitionJson("registry.example/web:2"));
        var v2 = registered["taskDefinition"]!;
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2", v2["taskDefinitionArn"]!.GetValue<string>());
        Assert.Equal(2, v2["revision"]!.GetValue<int>());
        var container = v2["containerDefinitions"]![0]!;
        Assert.True(container["essential"]!.GetValue<bool>());
        Assert.Equal(8080, container["portMappings"]![0]!["hostPort"]!.GetValue<int>());
        Assert.Equal("tcp", container["portMappings"]![0]!["protocol"]!.GetValue<string>());

        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var updated = (await aws.EcsJsonAsync("update-service", "--cluster", "shop", "--service", "web", "--task-definition", "web:2"))["service"]!;
        Assert.Equal(v2["taskDefinitionArn"]!.GetValue<string>(), updated["taskDefinition"]!.GetValue<string>());
        Assert.Equal("PRIMARY", updated["deployments"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("IN_PROGRESS", updated["deployments"]![0]!["rolloutState"]!.GetValue<string>());
        var arn = updated["currentServiceDeployment"]!.GetValue<string>();

        var listed = (await aws.EcsJsonAsync("list-service-deployments", "--cluster", "shop", "--service", "web"))["serviceDeployments"]!.AsArray();
        Assert.Equal(2, listed.Count);
        Assert.Equal(arn, listed[0]!["serviceDeploymentArn"]!.GetValue<string>());
        Assert.Equal("SUCCESSFUL", listed[1]!["status"]!.GetValue<string>());

        await WaitForStatusAsync(simulator, arn, "SUCCESSFUL");
        var recent = (await aws.EcsJsonAsync("list-service-deployments", "--cluster", "shop", "--service", "web",
            "--status", "SUCCESSFUL", "--created-at", $"after={started:yyyy-MM-ddTHH:mm:ssZ}"))["serviceDeployments"]!.AsArray();
        Assert.Equal(arn, Assert.Single(recent)!["serviceDeploymentArn"]!.GetValue<string>());

        var deployment = (await aws.EcsJsonAsync("describe-service-deployments", "--service-deployment-arns", arn))["serviceDeployments"]![0]!;
        Assert.Equal("SUCCESSFUL", deployment["status"]!.GetValue<string>());
        Assert.Equal("CLEAN_UP", deployment["lifecycleStage"]!.GetValue<string>());
        Assert.Equal(2, deployment["targetServiceRevision"]!["runningTaskCount"]!.GetValue<int>());
        Assert.Equal(simulator.SucceededAt(arn)!.Value.ToUnixTimeMilliseconds() / 1000.0, deployment["finishedAt"]!.GetValue<double>(), 3);

        var revisions = (await aws.EcsJsonAsync("describe-service-revisions", "--service-revision-arns", deployment["targetServiceRevision"]!["arn"]!.GetValue<string>()))["serviceRevisions"]!;
        Assert.Equal("registry.example/web:2", revisions[0]!["containerImages"]![0]!["image"]!.GetValue<string>());
        Assert.StartsWith("sha256:", revisions[0]!["containerImages"]![0]!["imageDigest"]!.GetValue<string>());

        var service = (await aws.EcsJsonAsync("describe-services", "--cluster", "shop", "--services", "web"))["services"]![0]!;
        Assert.Equal("COMPLETED", Assert.Single(service["deployments"]!.AsArray())!["rolloutState"]!.GetValue<string>());
        Assert.Equal(2, service["runningCount"]!.GetValue<int>());
        Assert.Equal("(service web) has reached a steady state.", service["events"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(0, (await aws.EcsAsync("wait", "services-stable", "--cluster", "shop", "--services", "web")).ExitCode);
    }

    [Fact]
    public async Task A_boto3_ServicesStable_waiter_started_mid_deployment_returns_once_the_old_tasks_are_gone()
    {
        var (simulator, aws) = await ServiceAsync("registry.example/web:1");
        await using var _ = simulator;
        await aws.EcsJsonAsync("register-task-definition", "--cli-input-json", TaskDefinitionJson("registry.example/web:2"));
        var result = await aws.Boto3Async("""
            ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")
            before = ecs.describe_services(cluster="shop", services=["web"])["services"][0]
            ecs.get_waiter("services_stable").wait(cluster="shop", services=["web"], WaiterConfig={"Delay": 0.1, "MaxAttempts": 200})
            after = ecs.describe_services(cluster="shop", services=["web"])["services"][0]
            print(json.dumps({"before": len(before["deployments"]), "after": len(after["deployments"]),
                              "running": after["runningCount"], "taskDefinition": after["taskDefinition"]}))
            """);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var outcome = result.Json;
        Assert.Equal(2, outcome["before"]!.GetValue<int>());
        Assert.Equal(1, outcome["after"]!.GetValue<int>());
        Assert.Equal(2, outcome["running"]!.GetValue<int>());
        Assert.EndsWith("task-definition/web:2", outcome["taskDefinition"]!.GetValue<string>());
    }
}
