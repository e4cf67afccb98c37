using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Aws.Ecs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>
/// The ECS calls moto does not implement (service deployments) and response shapes moto does not produce, against a
/// local stub whose canned responses are first checked against botocore's output shapes.
/// </summary>
public sealed class EcsServiceDeploymentTests
{
    private const string Older = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/older";
    private const string Newer = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/newer";

    /// <summary>A canned response, accepted only if it is what ECS could answer.</summary>
    internal static StubResponse Canned(string operation, string json)
    {
        Assert.Empty(ServiceModel.Botocore.ValidateOutput("ecs", operation, JsonNode.Parse(json)));
        return StubResponse.Ok(json);
    }

    internal static StubResponse Respond(StubRequest request)
    {
        var body = JsonNode.Parse(request.Body)!;
        return request.Operation switch
        {
            "ListServiceDeployments" when body["nextToken"] is null => Canned(request.Operation,
                $$"""{"serviceDeployments":[{"serviceDeploymentArn":"{{Older}}","status":"SUCCESSFUL","createdAt":1700000000.0}],"nextToken":"page-2"}"""),
            "ListServiceDeployments" => Canned(request.Operation,
                $$"""{"serviceDeployments":[{"serviceDeploymentArn":"{{Newer}}","status":"IN_PROGRESS","createdAt":1700000600.25}]}"""),
            "DescribeServiceDeployments" => Canned(request.Operation, $$"""
                {"serviceDeployments":[{
                  "serviceDeploymentArn":"{{Newer}}","serviceArn":"arn:aws:ecs:eu-west-1:123456789012:service/prod/web",
                  "clusterArn":"arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                  "status":"ROLLBACK_IN_PROGRESS","statusReason":"Circuit breaker triggered","lifecycleStage":"SCALE_UP",
                  "createdAt":1700000600.25,"startedAt":1700000601,"updatedAt":1700000700,
                  "targetServiceRevision":{"arn":"arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/2","requestedTaskCount":2,"runningTaskCount":0,"pendingTaskCount":2},
                  "deploymentCircuitBreaker":{"status":"TRIGGERED","failureCount":3,"threshold":3},
                  "alarms":{"status":"MONITORING","alarmNames":["web-5xx"]},
                  "rollback":{"reason":"Circuit breaker triggered","startedAt":1700000690,"serviceRevisionArn":"arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/1"}
                }],"failures":[]}
                """),
            "StopServiceDeployment" => Canned(request.Operation, $$"""{"serviceDeploymentArn":"{{Newer}}"}"""),
            "DescribeServices" when (string?)body["services"]![0] == "old" => Canned(request.Operation,
                """{"services":[{"serviceName":"old","serviceArn":"arn:aws:ecs:eu-west-1:123456789012:service/prod/old","status":"INACTIVE","taskDefinition":"arn:td:1"}],"failures":[]}"""),
            "DescribeServices" => Canned(request.Operation, $$$"""
                {"services":[{
                  "serviceName":"web","serviceArn":"arn:aws:ecs:eu-west-1:123456789012:service/prod/web","clusterArn":"arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                  "status":"ACTIVE","desiredCount":2,"runningCount":1,"pendingCount":1,"launchType":"FARGATE",
                  "taskDefinition":"arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2",
                  "deploymentController":{"type":"ECS"},
                  "deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":100,"strategy":"BLUE_GREEN","bakeTimeInMinutes":5,
                    "deploymentCircuitBreaker":{"enable":true,"rollback":true},"alarms":{"alarmNames":["web-5xx"],"enable":true,"rollback":true}},
                  "deployments":[{"id":"ecs-svc/1","status":"PRIMARY","taskDefinition":"arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2",
                    "desiredCount":2,"runningCount":1,"pendingCount":1,"failedTasks":1,"rolloutState":"IN_PROGRESS","rolloutStateReason":"started",
                    "createdAt":1700000600.25,"updatedAt":1700000700}],
                  "events":[{"id":"e1","createdAt":1700000650,"message":"(service web) has started 1 tasks."}],
                  "networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-1"],"securityGroups":["sg-1"],"assignPublicIp":"DISABLED"}},
                  "currentServiceDeployment":"{{{Newer}}}"
                }],"failures":[]}
                """),
            _ => StubResponse.Error(400, "UnknownOperationException", request.Operation),
        };
    }

    private static async Task<(StubAwsServer Server, AwsClients Clients)> StartAsync()
    {
        var server = await StubAwsServer.StartAsync(Respond);
        var clients = AwsClients.FromEnvironment(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB", ["AWS_SECRET_ACCESS_KEY"] = "stub", ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL_ECS"] = server.Endpoint.ToString(),
        }, null, TimeProvider.System);
        return (server, clients);
    }

    [Fact]
    public async Task Service_deployments_are_listed_across_pages_newest_first()
    {
        var (server, clients) = await StartAsync();
        await using var _ = server;
        using var __ = clients;

        var arns = await clients.Ecs.ListServiceDeploymentsAsync("prod", "web", DateTimeOffset.FromUnixTimeSeconds(1699999999), CancellationToken.None);

        Assert.Equal([Newer, Older], arns);
        var second = JsonNode.Parse(server.Requests[1].Body)!;
        Assert.Equal("page-2", (string?)second["nextToken"]);
        Assert.Equal(1699999999, (double)second["createdAt"]!["after"]!);
    }

    [Fact]
    public async Task A_service_deployment_reads_its_status_stage_monitors_and_rollback()
    {
        var (server, clients) = await StartAsync();
        await using var _ = server;
        using var __ = clients;

        var deployment = Assert.Single(await clients.Ecs.DescribeServiceDeploymentsAsync([Newer], CancellationToken.None));

        Assert.Equal(("ROLLBACK_IN_PROGRESS", "SCALE_UP", "Circuit breaker triggered"), (deployment.Status, deployment.LifecycleStage, deployment.StatusReason));
        Assert.Equal("arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/2", deployment.TargetServiceRevisionArn);
        Assert.Equal(new ServiceDeploymentCircuitBreaker("TRIGGERED", 3, 3), deployment.DeploymentCircuitBreaker);
        Assert.Equal("MONITORING", deployment.Alarms!.Status);
        Assert.Empty(deployment.Alarms.TriggeredAlarmNames);
        Assert.Equal(new ServiceDeploymentRollback("Circuit breaker triggered", DateTimeOffset.FromUnixTimeSeconds(1700000690),
            "arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/web/1"), deployment.Rollback);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000600250), deployment.CreatedAt);
        Assert.Null(deployment.FinishedAt);
    }

    [Fact]
    public async Task A_deployment_is_stopped_with_a_rollback_and_a_bad_stop_type_is_refused_before_calling()
    {
        var (server, clients) = await StartAsync();
        await using var _ = server;
        using var __ = clients;

        await clients.Ecs.StopServiceDeploymentAsync(Newer, "ROLLBACK", CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => clients.Ecs.StopServiceDeploymentAsync(Newer, "UNDO", CancellationToken.None));

        var request = Assert.Single(server.Requests);
        Assert.Equal("ROLLBACK", (string?)JsonNode.Parse(request.Body)!["stopType"]);
    }

    [Fact]
    public async Task Tasks_are_listed_by_startedBy_or_by_service_never_both()
    {
        var (server, clients) = await StartAsync();
        await using var _ = server;
        using var __ = clients;

        await Assert.ThrowsAsync<ArgumentException>(() => clients.Ecs.ListTasksAsync("prod", "web", "deployer", "RUNNING", CancellationToken.None));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_service_reads_every_field_the_record_has_and_an_inactive_one_is_null()
    {
        var (server, clients) = await StartAsync();
        await using var _ = server;
        using var __ = clients;

        var service = await clients.Ecs.DescribeServiceAsync("prod", "web", CancellationToken.None);

        Assert.NotNull(service);
        Assert.Equal(("ECS", 2, 1, 1, Newer), (service.DeploymentControllerType, service.DesiredCount, service.RunningCount, service.PendingCount, service.CurrentServiceDeployment));
        Assert.Equal(("BLUE_GREEN", 5), (service.DeploymentConfiguration!.Strategy, service.DeploymentConfiguration.BakeTimeInMinutes));
        Assert.Equal(new DeploymentCircuitBreaker(true, true), service.DeploymentConfiguration.DeploymentCircuitBreaker);
        Assert.Equal(["web-5xx"], service.DeploymentConfiguration.Alarms!.AlarmNames);
        var deployment = Assert.Single(service.Deployments);
        Assert.Equal(("PRIMARY", "IN_PROGRESS", 1), (deployment.Status, deployment.RolloutState, deployment.FailedTasks));
        Assert.Equal(new ServiceEvent("e1", DateTimeOffset.FromUnixTimeSeconds(1700000650), "(service web) has started 1 tasks."), Assert.Single(service.Events));
        Assert.Equal("subnet-1", (string?)service.NetworkConfiguration!["awsvpcConfiguration"]!["subnets"]![0]);
        Assert.Null(await clients.Ecs.DescribeServiceAsync("prod", "old", CancellationToken.None));
    }
}
