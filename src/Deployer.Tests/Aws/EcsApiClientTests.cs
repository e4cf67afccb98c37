using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Aws.Ecs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The ECS client against a real moto server (services, task definitions, tasks).</summary>
[Collection(MotoCollection.Name)]
public sealed class EcsApiClientTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);
    private IEcsApi Ecs => _clients.Ecs;

    public void Dispose() => _clients.Dispose();

    /// <summary>A Fargate task definition as a team would write it (container cpu/memory too: moto's RunTask needs them).</summary>
    internal static JsonObject TaskDefinition(string family, string image) => JsonNode.Parse($$"""
        {
          "family": "{{family}}",
          "networkMode": "awsvpc",
          "requiresCompatibilities": ["FARGATE"],
          "cpu": "256",
          "memory": "512",
          "executionRoleArn": "arn:aws:iam::{{MotoServer.AccountId}}:role/ecsTaskExecutionRole",
          "containerDefinitions": [
            {
              "name": "app",
              "image": "{{image}}",
              "essential": true,
              "cpu": 256,
              "memory": 512,
              "portMappings": [{ "containerPort": 8080, "protocol": "tcp" }],
              "environment": [{ "name": "PORT", "value": "8080" }],
              "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/ecs/{{family}}", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" } }
            }
          ]
        }
        """)!.AsObject();

    /// <summary>A cluster with one Fargate service, created with raw calls (CreateCluster and CreateService are not in the port).</summary>
    internal static async Task<(string Cluster, string Service, string TaskDefinitionArn, JsonObject Network)> ServiceAsync(MotoServer moto, AwsClients clients)
    {
        var raw = clients.JsonClient(AwsService.Ecs);
        var cluster = EcrApiClientTests.Name("cluster");
        var service = EcrApiClientTests.Name("web");
        var (subnet, securityGroup) = await moto.DefaultNetworkAsync();
        var network = new JsonObject
        {
            ["awsvpcConfiguration"] = new JsonObject { ["subnets"] = new JsonArray(subnet), ["securityGroups"] = new JsonArray(securityGroup), ["assignPublicIp"] = "DISABLED" },
        };
        await raw.SendAsync("CreateCluster", new JsonObject { ["clusterName"] = cluster }, CancellationToken.None);
        var registered = await clients.Ecs.RegisterTaskDefinitionAsync(TaskDefinition(service, "nginx:1.27"), CancellationToken.None);
        await raw.SendAsync("CreateService", new JsonObject
        {
            ["cluster"] = cluster,
            ["serviceName"] = service,
            ["taskDefinition"] = (string?)registered["taskDefinitionArn"],
            ["desiredCount"] = 2,
            ["launchType"] = "FARGATE",
            ["networkConfiguration"] = network.DeepClone(),
            ["deploymentConfiguration"] = new JsonObject { ["maximumPercent"] = 200, ["minimumHealthyPercent"] = 100 },
        }, CancellationToken.None);
        return (cluster, service, (string)registered["taskDefinitionArn"]!, network);
    }

    [Fact]
    public async Task A_task_definition_is_registered_and_described_as_JSON_that_keeps_every_field()
    {
        var family = EcrApiClientTests.Name("api");

        var registered = await Ecs.RegisterTaskDefinitionAsync(TaskDefinition(family, "nginx:1.27"), CancellationToken.None);
        var described = await Ecs.DescribeTaskDefinitionAsync($"{family}:{(int)registered["revision"]!}", CancellationToken.None);

        Assert.Equal(family, (string?)described["family"]);
        Assert.Equal($"arn:aws:ecs:{MotoServer.Region}:{MotoServer.AccountId}:task-definition/{family}:1", (string?)described["taskDefinitionArn"]);
        Assert.Equal("awslogs", (string?)described["containerDefinitions"]![0]!["logConfiguration"]!["logDriver"]);
        Assert.Null(described.Parent);
    }

    [Fact]
    public async Task A_service_is_described_and_updated_to_a_new_task_definition()
    {
        var (cluster, service, first, network) = await ServiceAsync(moto, _clients);
        var second = await Ecs.RegisterTaskDefinitionAsync(TaskDefinition(service, "nginx:1.28"), CancellationToken.None);

        var before = await Ecs.DescribeServiceAsync(cluster, service, CancellationToken.None);
        var updated = await Ecs.UpdateServiceAsync(new UpdateServiceRequest
        {
            Cluster = cluster,
            Service = service,
            TaskDefinition = (string)second["taskDefinitionArn"]!,
            DesiredCount = 3,
            ForceNewDeployment = true,
            DeploymentConfiguration = new DeploymentConfiguration
            {
                MaximumPercent = 200,
                MinimumHealthyPercent = 100,
                DeploymentCircuitBreaker = new DeploymentCircuitBreaker(Enable: true, Rollback: true),
            },
        }, CancellationToken.None);
        var after = await Ecs.DescribeServiceAsync(cluster, service, CancellationToken.None);

        Assert.NotNull(before);
        Assert.Equal((service, "ACTIVE", first, 2), (before.ServiceName, before.Status, before.TaskDefinition, before.DesiredCount));
        Assert.Equal("FARGATE", before.LaunchType);
        Assert.Equal(JsonNode.Parse(network.ToJsonString())!["awsvpcConfiguration"]!["subnets"]!.ToJsonString(),
            before.NetworkConfiguration!["awsvpcConfiguration"]!["subnets"]!.ToJsonString());
        Assert.Contains(before.Deployments, d => d.Status == "PRIMARY" && d.TaskDefinition == first);
        Assert.Equal((string)second["taskDefinitionArn"]!, updated.TaskDefinition);
        Assert.Equal(3, updated.DesiredCount);
        Assert.Equal((string)second["taskDefinitionArn"]!, after!.TaskDefinition);
    }

    [Fact]
    public async Task A_service_that_does_not_exist_or_was_deleted_is_null()
    {
        var (cluster, service, _, _) = await ServiceAsync(moto, _clients);

        Assert.Null(await Ecs.DescribeServiceAsync(cluster, "no-such-service", CancellationToken.None));
        await _clients.JsonClient(AwsService.Ecs)
            .SendAsync("DeleteService", new JsonObject { ["cluster"] = cluster, ["service"] = service, ["force"] = true }, CancellationToken.None);
        Assert.Null(await Ecs.DescribeServiceAsync(cluster, service, CancellationToken.None));
    }

    [Fact]
    public async Task A_one_off_task_runs_with_overrides_and_is_found_and_described()
    {
        var (cluster, _, taskDefinition, network) = await ServiceAsync(moto, _clients);
        var startedBy = EcrApiClientTests.Name("migrate")[..20];

        var started = await Ecs.RunTaskAsync(new RunTaskRequest
        {
            Cluster = cluster,
            TaskDefinition = taskDefinition,
            NetworkConfiguration = network,
            StartedBy = startedBy,
            ContainerOverrides = [new ContainerOverride("app", ["alembic", "upgrade", "head"], new Dictionary<string, string> { ["MIGRATING"] = "1" })],
        }, CancellationToken.None);
        var listed = await Ecs.ListTasksAsync(cluster, serviceName: null, startedBy, "RUNNING", CancellationToken.None);
        var described = await Ecs.DescribeTasksAsync(cluster, listed, CancellationToken.None);

        var task = Assert.Single(started);
        Assert.Equal([task.TaskArn], listed);
        Assert.Equal(task.TaskArn, Assert.Single(described).TaskArn);
        Assert.Equal(taskDefinition, described[0].TaskDefinitionArn);
        Assert.Equal(startedBy, described[0].StartedBy);
        Assert.Contains(described[0].Containers, c => c.Name == "app");
        Assert.Empty(await Ecs.DescribeTasksAsync(cluster, [], CancellationToken.None));
    }
}
