using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Aws.Ecs;

/// <summary><see cref="IEcsApi"/> over awsJson1_1 (target prefix AmazonEC2ContainerServiceV20141113).</summary>
public sealed class EcsApiClient(AwsJsonClient client) : IEcsApi
{
    // ECS batch limits: DescribeServiceDeployments takes 20 ARNs, DescribeTasks 100.
    private const int DeploymentBatch = 20;
    private const int TaskBatch = 100;

    public async Task<JsonObject> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("DescribeTaskDefinition", new JsonObject { ["taskDefinition"] = taskDefinition }, cancellationToken);
        return EcsJson.Detach(response, "taskDefinition", "DescribeTaskDefinition");
    }

    public async Task<JsonObject> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("RegisterTaskDefinition", request, cancellationToken);
        return EcsJson.Detach(response, "taskDefinition", "RegisterTaskDefinition");
    }

    public async Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("DescribeServices", new JsonObject { ["cluster"] = cluster, ["services"] = new JsonArray(service) }, cancellationToken);
        var found = EcsJson.Array(response, "services").Select(EcsJson.Service).FirstOrDefault();
        if (found is not null) return found.Status == "INACTIVE" ? null : found;

        var failures = EcsJson.Failures(response);
        if (failures.Count == 0 || failures.Any(f => f.Reason == "MISSING")) return null;
        var first = failures[0];
        throw new AwsServiceException(client.Service.ServiceId, "DescribeServices", first.Reason, $"{first.Arn ?? service}: {first.Detail ?? first.Reason}", 200, null);
    }

    public async Task<EcsService> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("UpdateService", request, cancellationToken);
        return EcsJson.Service(response["service"] ?? throw new InvalidDataException("ECS UpdateService returned no service."));
    }

    public async Task<IReadOnlyList<string>> ListServiceDeploymentsAsync(string cluster, string service, DateTimeOffset? createdAfter, CancellationToken cancellationToken)
    {
        var found = new List<(string Arn, DateTimeOffset? CreatedAt)>();
        string? nextToken = null;
        do
        {
            var request = new JsonObject { ["cluster"] = cluster, ["service"] = service };
            if (createdAfter is { } after) request["createdAt"] = new JsonObject { ["after"] = after.ToUnixTimeMilliseconds() / 1000.0 };
            if (nextToken is not null) request["nextToken"] = nextToken;
            var response = await client.SendAsync("ListServiceDeployments", request, cancellationToken);
            foreach (var brief in EcsJson.Array(response, "serviceDeployments"))
                if ((string?)brief["serviceDeploymentArn"] is { } arn)
                    found.Add((arn, brief["createdAt"] is JsonValue created ? created.Deserialize<DateTimeOffset>(AwsJson.Options) : null));
            nextToken = (string?)response["nextToken"];
        } while (nextToken is not null);

        // Newest first whatever order the pages came in; ties keep the service's order.
        return found.OrderByDescending(d => d.CreatedAt ?? DateTimeOffset.MinValue).Select(d => d.Arn).ToArray();
    }

    public async Task<IReadOnlyList<ServiceDeployment>> DescribeServiceDeploymentsAsync(IReadOnlyList<string> serviceDeploymentArns, CancellationToken cancellationToken)
    {
        var deployments = new List<ServiceDeployment>();
        foreach (var batch in serviceDeploymentArns.Chunk(DeploymentBatch))
        {
            var request = new JsonObject { ["serviceDeploymentArns"] = new JsonArray([.. batch.Select(arn => (JsonNode?)arn)]) };
            var response = await client.SendAsync("DescribeServiceDeployments", request, cancellationToken);
            deployments.AddRange(EcsJson.Array(response, "serviceDeployments").Select(EcsJson.Deployment));
        }
        return deployments;
    }

    public async Task StopServiceDeploymentAsync(string serviceDeploymentArn, string stopType, CancellationToken cancellationToken)
    {
        if (stopType is not ("ROLLBACK" or "ABORT"))
            throw new ArgumentException($"stopType must be ROLLBACK or ABORT, not '{stopType}'.", nameof(stopType));
        await client.SendAsync("StopServiceDeployment", new JsonObject { ["serviceDeploymentArn"] = serviceDeploymentArn, ["stopType"] = stopType }, cancellationToken);
    }

    public async Task ContinueServiceDeploymentAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken cancellationToken)
    {
        if (action is not ("CONTINUE" or "ROLLBACK"))
            throw new ArgumentException($"action must be CONTINUE or ROLLBACK, not '{action}'.", nameof(action));
        await client.SendAsync("ContinueServiceDeployment",
            new JsonObject { ["serviceDeploymentArn"] = serviceDeploymentArn, ["hookId"] = hookId, ["action"] = action }, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListTasksAsync(string cluster, string? serviceName, string? startedBy, string desiredStatus, CancellationToken cancellationToken)
    {
        // ECS: "When you specify startedBy as the filter, it must be the only filter that you use."
        if (startedBy is not null && serviceName is not null)
            throw new ArgumentException("ListTasks filters by startedBy or by serviceName, not both.", nameof(startedBy));
        var arns = new List<string>();
        string? nextToken = null;
        do
        {
            var request = new JsonObject { ["cluster"] = cluster, ["desiredStatus"] = desiredStatus };
            if (serviceName is not null) request["serviceName"] = serviceName;
            if (startedBy is not null) request["startedBy"] = startedBy;
            if (nextToken is not null) request["nextToken"] = nextToken;
            var response = await client.SendAsync("ListTasks", request, cancellationToken);
            arns.AddRange(EcsJson.Array(response, "taskArns").Select(arn => (string?)arn).OfType<string>());
            nextToken = (string?)response["nextToken"];
        } while (nextToken is not null);
        return arns;
    }

    public async Task<IReadOnlyList<EcsTask>> DescribeTasksAsync(string cluster, IReadOnlyList<string> taskArns, CancellationToken cancellationToken)
    {
        var tasks = new List<EcsTask>();
        foreach (var batch in taskArns.Chunk(TaskBatch))
        {
            var request = new JsonObject { ["cluster"] = cluster, ["tasks"] = new JsonArray([.. batch.Select(arn => (JsonNode?)arn)]) };
            var response = await client.SendAsync("DescribeTasks", request, cancellationToken);
            tasks.AddRange(EcsJson.Array(response, "tasks").Select(EcsJson.Task));
        }
        return tasks;
    }

    public async Task<IReadOnlyList<EcsTask>> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("RunTask", EcsJson.RunTaskBody(request), cancellationToken);
        var tasks = EcsJson.Array(response, "tasks").Select(EcsJson.Task).ToArray();
        var failures = EcsJson.Failures(response);
        if (tasks.Length == 0 && failures.Count > 0)
            throw new AwsServiceException(client.Service.ServiceId, "RunTask", failures[0].Reason,
                string.Join("; ", failures.Select(f => f.Detail is null ? f.Reason : $"{f.Reason} ({f.Detail})")), 200, null);
        return tasks;
    }

    public async Task<EcsTask> StopTaskAsync(string cluster, string taskArn, string reason, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("StopTask", new JsonObject { ["cluster"] = cluster, ["task"] = taskArn, ["reason"] = reason }, cancellationToken);
        return EcsJson.Task(response["task"] ?? throw new InvalidDataException("ECS StopTask returned no task."));
    }
}
