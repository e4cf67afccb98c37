using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Aws.Ecs;

/// <summary>ECS wire JSON ⇄ the port's records: the members that the records flatten or that ECS may leave out.</summary>
internal static class EcsJson
{
    public static EcsService Service(JsonNode json)
    {
        var service = json.Deserialize<EcsService>(AwsJson.Options) ?? throw new JsonException("null service");
        return service with
        {
            DeploymentControllerType = (string?)json["deploymentController"]?["type"],
            Deployments = service.Deployments ?? [],
            Events = service.Events ?? [],
        };
    }

    public static ServiceDeployment Deployment(JsonNode json)
    {
        var deployment = json.Deserialize<ServiceDeployment>(AwsJson.Options) ?? throw new JsonException("null service deployment");
        return deployment with
        {
            TargetServiceRevisionArn = (string?)json["targetServiceRevision"]?["arn"],
            LifecycleHookDetails = deployment.LifecycleHookDetails ?? [],
            Alarms = deployment.Alarms is { } alarms ? alarms with { TriggeredAlarmNames = alarms.TriggeredAlarmNames ?? [] } : null,
        };
    }

    public static EcsTask Task(JsonNode json)
    {
        var task = json.Deserialize<EcsTask>(AwsJson.Options) ?? throw new JsonException("null task");
        return task with { Containers = task.Containers ?? [] };
    }

    public static JsonObject RunTaskBody(RunTaskRequest request)
    {
        var body = new JsonObject
        {
            ["cluster"] = request.Cluster,
            ["taskDefinition"] = request.TaskDefinition,
            ["count"] = 1,
        };
        if (request.LaunchType is not null) body["launchType"] = request.LaunchType;
        if (request.NetworkConfiguration is not null) body["networkConfiguration"] = request.NetworkConfiguration.DeepClone();
        if (request.StartedBy is not null) body["startedBy"] = request.StartedBy;
        if (request.ContainerOverrides.Count > 0)
            body["overrides"] = new JsonObject
            {
                ["containerOverrides"] = new JsonArray([.. request.ContainerOverrides.Select(ContainerOverride)]),
            };
        return body;
    }

    private static JsonNode ContainerOverride(ContainerOverride container)
    {
        var node = new JsonObject { ["name"] = container.Name };
        if (container.Command is not null) node["command"] = new JsonArray([.. container.Command.Select(word => (JsonNode?)word)]);
        if (container.Environment is not null)
            node["environment"] = new JsonArray([
                .. container.Environment.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                    .Select(pair => (JsonNode?)new JsonObject { ["name"] = pair.Key, ["value"] = pair.Value }),
            ]);
        return node;
    }

    /// <summary>failures[] of a batch response as (arn, reason, detail).</summary>
    public static IReadOnlyList<(string? Arn, string Reason, string? Detail)> Failures(JsonObject response) =>
        Array(response, "failures").Select(f => ((string?)f?["arn"], (string?)f?["reason"] ?? "UNKNOWN", (string?)f?["detail"])).ToArray();

    public static IEnumerable<JsonNode> Array(JsonObject response, string name) =>
        (response[name] as JsonArray ?? []).Where(item => item is not null).Select(item => item!);

    /// <summary>Takes a member out of its parent so the caller owns it (a node can only have one parent).</summary>
    public static JsonObject Detach(JsonObject response, string name, string operation)
    {
        if (response[name] is not JsonObject member)
            throw new InvalidDataException($"ECS {operation} returned no {name}.");
        response.Remove(name);
        return member;
    }
}
