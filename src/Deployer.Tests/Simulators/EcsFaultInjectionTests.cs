using System.Text.Json.Nodes;

namespace Deployer.Tests.Simulators;

public class EcsFaultInjectionTests
{
    [Fact]
    public async Task ThrottleNext_answers_ThrottlingException_for_the_chosen_operation_only()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.ThrottleNext(2, "DescribeServices");

        var other = await ecs.Wire.SendAsync("DescribeClusters", new { clusters = new[] { EcsTestbed.Cluster } });
        Assert.Equal(200, other.Status);
        for (var i = 0; i < 2; i++)
        {
            var throttled = await ecs.Wire.SendAsync("DescribeServices", new { cluster = EcsTestbed.Cluster, services = new[] { "web" } });
            Assert.Equal(400, throttled.Status);
            Assert.Equal("application/x-amz-json-1.1", throttled.ContentType);
            Assert.Equal("com.amazon.coral.availability#ThrottlingException", throttled.Body["__type"]!.GetValue<string>());
            Assert.Equal("Rate exceeded", throttled.Message);
        }
        Assert.Equal(200, (await ecs.Wire.SendAsync("DescribeServices", new { cluster = EcsTestbed.Cluster, services = new[] { "web" } })).Status);
    }

    [Fact]
    public async Task FailNext_answers_500_ServerException_and_changes_nothing()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.FailNext(1);
        var failed = await ecs.Wire.SendAsync("CreateCluster", new { clusterName = "other" });
        Assert.Equal((500, "ServerException"), (failed.Status, failed.ErrorCode));
        var clusters = await ecs.Wire.CallAsync("DescribeClusters", new { clusters = new[] { "other" } });
        Assert.Equal("MISSING", clusters["failures"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Requests_need_a_known_X_Amz_Target_and_a_JSON_body()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        var unknown = await ecs.Wire.SendAsync("ListAccountSettings", new { });
        Assert.Equal((400, "UnknownOperationException"), (unknown.Status, unknown.ErrorCode));
        var missing = await ecs.Wire.SendAsync("DescribeClusters", new { }, target: "");
        Assert.Equal((400, "UnknownOperationException"), (missing.Status, missing.ErrorCode));
        var otherService = await ecs.Wire.SendAsync("DescribeClusters", new { }, target: "AmazonEC2ContainerRegistry_V20150921.DescribeClusters");
        Assert.Equal((400, "UnknownOperationException"), (otherService.Status, otherService.ErrorCode));
        var wrongType = await ecs.Wire.SendAsync("DescribeServices", new { cluster = EcsTestbed.Cluster, services = "web" });
        Assert.Equal((400, "SerializationException"), (wrongType.Status, wrongType.ErrorCode));
        var stringCpu = await ecs.Wire.SendAsync("RegisterTaskDefinition", new { family = "web", containerDefinitions = new[] { new { name = "app", image = "web:1", cpu = "256" } } });
        Assert.Equal((400, "SerializationException"), (stringCpu.Status, stringCpu.ErrorCode));
        Assert.Equal(200, (await ecs.Wire.SendAsync("DescribeClusters", new { })).Status);
    }

    [Fact]
    public async Task Every_answer_is_recorded_as_an_exchange()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.ThrottleNext(1, "DescribeClusters");
        await ecs.Wire.SendAsync("DescribeClusters", new { clusters = new[] { EcsTestbed.Cluster } });
        await ecs.Wire.SendAsync("DescribeClusters", new { clusters = new[] { EcsTestbed.Cluster } });

        var exchanges = ecs.Simulator.Exchanges;
        Assert.Equal(["CreateCluster", "DescribeClusters", "DescribeClusters"], exchanges.Select(e => e.Operation));
        Assert.Equal([200, 400, 200], exchanges.Select(e => e.StatusCode));
        Assert.All(exchanges, e =>
        {
            Assert.IsType<JsonObject>(JsonNode.Parse(e.RequestJson));
            Assert.IsType<JsonObject>(JsonNode.Parse(e.ResponseJson));
        });
        Assert.Equal("shop", JsonNode.Parse(exchanges[2].ResponseJson)!["clusters"]![0]!["clusterName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_slow_image_holds_the_deployment_in_SCALE_UP_until_its_tasks_run()
    {
        await using var ecs = await EcsTestbed.StartAsync();
        ecs.Simulator.Faults.SlowStart(":slow", TimeSpan.FromSeconds(1));
        var v1 = await ecs.RegisterAsync("web", "registry.example/web:1");
        await ecs.CreateServiceAsync("web", v1, desiredCount: 1);
        var arn = await ecs.DeployAsync("web", await ecs.RegisterAsync("web", "registry.example/web:slow"));

        Assert.True(await Eventually.TrueAsync(async () => (await ecs.DescribeServiceAsync("web"))["deployments"]![0]!["pendingCount"]!.GetValue<int>() == 1));
        await Task.Delay(ecs.Simulator.Options.TaskStartDelay * 2);
        var during = await ecs.DescribeDeploymentAsync(arn);
        Assert.Equal(("IN_PROGRESS", "SCALE_UP"), (during["status"]!.GetValue<string>(), during["lifecycleStage"]!.GetValue<string>()));
        Assert.Equal(1, during["targetServiceRevision"]!["pendingTaskCount"]!.GetValue<int>());
        await ecs.WaitForDeploymentAsync(arn, "SUCCESSFUL");
    }
}
