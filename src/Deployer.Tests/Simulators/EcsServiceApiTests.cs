using System.Text.Json.Nodes;

namespace Deployer.Tests.Simulators;

public class EcsServiceApiTests
{
    [Fact]
    public async Task DescribeServices_reports_a_missing_service_as_a_MISSING_failure()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        await ecs.CreateServiceAsync("web", await ecs.RegisterAsync("web", "registry.example/web:1"), desiredCount: 1);

        var response = await ecs.Wire.CallAsync("DescribeServices", new { cluster = EcsTestbed.Cluster, services = new[] { "web", "ghost" } });
        Assert.Equal("web", Assert.Single(response["services"]!.AsArray())!["serviceName"]!.GetValue<string>());
        var failure = Assert.Single(response["failures"]!.AsArray())!;
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:service/shop/ghost", failure["arn"]!.GetValue<string>());
        Assert.Equal("MISSING", failure["reason"]!.GetValue<string>());

        var noCluster = await ecs.Wire.SendAsync("DescribeServices", new { cluster = "nowhere", services = new[] { "web" } });
        Assert.Equal((400, "ClusterNotFoundException", "Cluster not found."), (noCluster.Status, noCluster.ErrorCode, noCluster.Message));
        var byArn = await ecs.Wire.CallAsync("DescribeServices", new { cluster = EcsTestbed.Cluster, services = new[] { "arn:aws:ecs:us-east-1:123456789012:service/shop/web" } });
        Assert.Single(byArn["services"]!.AsArray());
    }

    [Fact]
    public async Task Service_errors_use_the_service_exceptions()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        await ecs.CreateServiceAsync("web", v1, desiredCount: 1);

        var again = await ecs.Wire.SendAsync("CreateService", new JsonObject
        {
            ["cluster"] = EcsTestbed.Cluster, ["serviceName"] = "web", ["taskDefinition"] = v1, ["desiredCount"] = 1,
            ["launchType"] = "FARGATE", ["networkConfiguration"] = EcsTestbed.Network,
        });
        Assert.Equal(("InvalidParameterException", "Creation of service was not idempotent."), (again.ErrorCode, again.Message));
        var unknown = await ecs.Wire.SendAsync("UpdateService", new { cluster = EcsTestbed.Cluster, service = "ghost", desiredCount = 2 });
        Assert.Equal(("ServiceNotFoundException", "Service not found."), (unknown.ErrorCode, unknown.Message));
        var noNetwork = await ecs.Wire.SendAsync("CreateService", new { cluster = EcsTestbed.Cluster, serviceName = "api", taskDefinition = v1, desiredCount = 1, launchType = "FARGATE" });
        Assert.Equal("InvalidParameterException", noNetwork.ErrorCode);
        Assert.Contains("Network Configuration must be provided", noNetwork.Message);
        var noTaskDefinition = await ecs.Wire.SendAsync("UpdateService", new { cluster = EcsTestbed.Cluster, service = "web", taskDefinition = "web:9" });
        Assert.Equal(("ClientException", "TaskDefinition not found."), (noTaskDefinition.ErrorCode, noTaskDefinition.Message));
        var notFargate = await ecs.Wire.SendAsync("RegisterTaskDefinition", new
        {
            family = "web", requiresCompatibilities = new[] { "FARGATE" }, cpu = "256", memory = "512",
            containerDefinitions = new[] { new { name = "app", image = "registry.example/web:1" } },
        });
        Assert.Equal(("ClientException", "Fargate only supports network mode 'awsvpc'."), (notFargate.ErrorCode, notFargate.Message));
    }

    [Fact]
    public async Task Changing_only_desiredCount_scales_without_a_new_service_deployment()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        await ecs.CreateServiceAsync("web", await ecs.RegisterAsync("web", "registry.example/web:1"), desiredCount: 1);
        var updated = (await ecs.Wire.CallAsync("UpdateService", new { cluster = EcsTestbed.Cluster, service = "web", desiredCount = 3 }))["service"]!;
        Assert.Equal(3, updated["desiredCount"]!.GetValue<int>());
        Assert.True(await Eventually.TrueAsync(async () => (await ecs.DescribeServiceAsync("web"))["runningCount"]!.GetValue<int>() == 3));
        var list = await ecs.Wire.CallAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "web" });
        Assert.Single(list["serviceDeployments"]!.AsArray());

        await ecs.Wire.CallAsync("UpdateService", new { cluster = EcsTestbed.Cluster, service = "web", forceNewDeployment = true });
        list = await ecs.Wire.CallAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "web" });
        Assert.Equal(2, list["serviceDeployments"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_new_deployment_stops_the_one_in_progress()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.SlowStart(":slow", TimeSpan.FromMinutes(10));
        await ecs.CreateServiceAsync("web", await ecs.RegisterAsync("web", "registry.example/web:1"), desiredCount: 1);
        var stuck = await ecs.DeployAsync("web", await ecs.RegisterAsync("web", "registry.example/web:slow"));
        Assert.True(await Eventually.TrueAsync(async () => (await ecs.DescribeServiceAsync("web"))["deployments"]![0]!["pendingCount"]!.GetValue<int>() == 1));
        var next = await ecs.DeployAsync("web", await ecs.RegisterAsync("web", "registry.example/web:3"));

        var superseded = await ecs.DescribeDeploymentAsync(stuck);
        Assert.Equal("STOPPED", superseded["status"]!.GetValue<string>());
        Assert.Contains("newer service deployment", superseded["statusReason"]!.GetValue<string>());
        var done = await ecs.WaitForDeploymentAsync(next, "SUCCESSFUL");
        Assert.Equal(2, done["sourceServiceRevisions"]!.AsArray().Count);
    }

    [Fact]
    public async Task ListServiceDeployments_filters_by_status_and_createdAt_newest_first_and_pages()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        await ecs.CreateServiceAsync("web", await ecs.RegisterAsync("web", "registry.example/web:1"), desiredCount: 1);
        var first = await ecs.DeployAsync("web", await ecs.RegisterAsync("web", "registry.example/web:2"));
        await ecs.WaitForDeploymentAsync(first, "SUCCESSFUL");
        var between = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await Task.Delay(20);
        var second = await ecs.DeployAsync("web", await ecs.RegisterAsync("web", "registry.example/web:3"));

        static List<string> Arns(JsonObject response) =>
            response["serviceDeployments"]!.AsArray().Select(d => d!["serviceDeploymentArn"]!.GetValue<string>()).ToList();
        var all = Arns(await ecs.Wire.CallAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "web" }));
        Assert.Equal(3, all.Count);
        Assert.Equal([second, first], all.Take(2));
        Assert.Equal([second], Arns(await ecs.Wire.CallAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "web", createdAt = new { after = between } })));
        Assert.Equal(all.Skip(1), Arns(await ecs.Wire.CallAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "web", createdAt = new { before = between } })));
        Assert.Equal(all.Skip(1), Arns(await ecs.Wire.CallAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "web", status = new[] { "SUCCESSFUL" } })));

        var page = await ecs.Wire.CallAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "web", maxResults = 2 });
        Assert.Equal(all.Take(2), Arns(page));
        var rest = await ecs.Wire.CallAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "web", maxResults = 2, nextToken = page["nextToken"]!.GetValue<string>() });
        Assert.Equal(all.Skip(2), Arns(rest));
        Assert.Null(rest["nextToken"]);

        var missing = await ecs.Wire.SendAsync("ListServiceDeployments", new { cluster = EcsTestbed.Cluster, service = "ghost" });
        Assert.Equal("ServiceNotFoundException", missing.ErrorCode);
        var described = await ecs.Wire.CallAsync("DescribeServiceDeployments", new { serviceDeploymentArns = new[] { first, first + "x" } });
        Assert.Single(described["serviceDeployments"]!.AsArray());
        Assert.Equal("MISSING", described["failures"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteService_drains_the_tasks_and_leaves_the_service_INACTIVE()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        await ecs.CreateServiceAsync("web", await ecs.RegisterAsync("web", "registry.example/web:1"), desiredCount: 2);
        var refused = await ecs.Wire.SendAsync("DeleteService", new { cluster = EcsTestbed.Cluster, service = "web" });
        Assert.Equal("InvalidParameterException", refused.ErrorCode);

        var deleted = (await ecs.Wire.CallAsync("DeleteService", new { cluster = EcsTestbed.Cluster, service = "web", force = true }))["service"]!;
        Assert.Equal("DRAINING", deleted["status"]!.GetValue<string>());
        Assert.True(await Eventually.TrueAsync(async () => (await ecs.DescribeServiceAsync("web"))["status"]!.GetValue<string>() == "INACTIVE"));
        Assert.Empty((await ecs.Wire.CallAsync("ListTasks", new { cluster = EcsTestbed.Cluster, serviceName = "web" }))["taskArns"]!.AsArray());
        var update = await ecs.Wire.SendAsync("UpdateService", new { cluster = EcsTestbed.Cluster, service = "web", desiredCount = 1 });
        Assert.Equal("ServiceNotActiveException", update.ErrorCode);
    }

    [Fact]
    public async Task Task_definitions_get_the_service_defaults_and_revisions()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        var v2 = await ecs.RegisterAsync("web", "registry.example/web:2");
        await ecs.RegisterAsync("worker", "registry.example/worker:1");

        var latest = (await ecs.Wire.CallAsync("DescribeTaskDefinition", new { taskDefinition = "web" }))["taskDefinition"]!;
        Assert.Equal(v2, latest["taskDefinitionArn"]!.GetValue<string>());
        var container = latest["containerDefinitions"]![0]!;
        Assert.Equal(0, container["cpu"]!.GetValue<int>());
        Assert.True(container["essential"]!.GetValue<bool>());
        Assert.Empty(container["environment"]!.AsArray());
        Assert.Equal(["EC2", "FARGATE"], latest["compatibilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("ACTIVE", latest["status"]!.GetValue<string>());
        Assert.Equal(v1, (await ecs.Wire.CallAsync("DescribeTaskDefinition", new { taskDefinition = "web:1" }))["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>());
        Assert.Equal(v1, (await ecs.Wire.CallAsync("DescribeTaskDefinition", new { taskDefinition = v1 }))["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>());
        var unknown = await ecs.Wire.SendAsync("DescribeTaskDefinition", new { taskDefinition = "web:7" });
        Assert.Equal(("ClientException", "Unable to describe task definition."), (unknown.ErrorCode, unknown.Message));

        var deregistered = (await ecs.Wire.CallAsync("DeregisterTaskDefinition", new { taskDefinition = "web:2" }))["taskDefinition"]!;
        Assert.Equal("INACTIVE", deregistered["status"]!.GetValue<string>());
        Assert.NotNull(deregistered["deregisteredAt"]);
        Assert.Equal(v1, (await ecs.Wire.CallAsync("DescribeTaskDefinition", new { taskDefinition = "web" }))["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>());

        static List<string> Arns(JsonObject response) => response["taskDefinitionArns"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal([v1], Arns(await ecs.Wire.CallAsync("ListTaskDefinitions", new { familyPrefix = "web" })));
        Assert.Equal([v2], Arns(await ecs.Wire.CallAsync("ListTaskDefinitions", new { familyPrefix = "web", status = "INACTIVE" })));
        Assert.EndsWith("worker:1", Arns(await ecs.Wire.CallAsync("ListTaskDefinitions", new { sort = "DESC" }))[0]);
    }
}
