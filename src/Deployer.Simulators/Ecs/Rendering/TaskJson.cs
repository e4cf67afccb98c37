using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Rendering;

/// <summary>The Task structure (DescribeTasks, RunTask, StopTask).</summary>
internal static class TaskJson
{
    public static JsonObject Render(EcsState state, TaskRecord task, bool includeTags)
    {
        var definition = task.TaskDefinition.Body;
        var fargate = task.LaunchType == "FARGATE";
        var json = new JsonObject
        {
            ["attachments"] = new JsonArray(),
            ["attributes"] = new JsonArray(new JsonObject { ["name"] = "ecs.cpu-architecture", ["value"] = "x86_64" }),
            ["availabilityZone"] = state.Options.Region + "a",
            ["clusterArn"] = task.Cluster.Arn,
            ["connectivity"] = "CONNECTED",
            ["connectivityAt"] = Json.Epoch(task.CreatedAt),
            ["containers"] = Json.Array(task.Containers.Select(c => Container(task, c))),
        };
        json.With("cpu", definition["cpu"]?.GetValue<string>());
        json["createdAt"] = Json.Epoch(task.CreatedAt);
        json["desiredStatus"] = task.DesiredStatus;
        json["enableExecuteCommand"] = false;
        json.With("executionStoppedAt", Json.Epoch(task.ExecutionStoppedAt));
        json["group"] = task.Group;
        json["healthStatus"] = "UNKNOWN";
        json["lastStatus"] = task.LastStatus;
        json.With("launchType", task.LaunchType)
            .With("memory", definition["memory"]?.GetValue<string>());
        json["overrides"] = Json.Copy(task.Overrides);
        json.With("platformVersion", task.PlatformVersion)
            .With("platformFamily", fargate ? "Linux" : null)
            .With("pullStartedAt", Json.Epoch(task.PullStartedAt))
            .With("pullStoppedAt", Json.Epoch(task.PullStoppedAt))
            .With("startedAt", Json.Epoch(task.StartedAt))
            .With("startedBy", task.StartedBy)
            .With("stopCode", task.StopCode)
            .With("stoppedAt", Json.Epoch(task.StoppedAt))
            .With("stoppedReason", task.StoppedReason)
            .With("stoppingAt", Json.Epoch(task.StoppingAt));
        if (includeTags) json["tags"] = Json.Copy(task.Tags);
        json["taskArn"] = task.Arn;
        json["taskDefinitionArn"] = task.TaskDefinition.Arn;
        json["version"] = task.Version;
        if (fargate)
        {
            json["ephemeralStorage"] = new JsonObject { ["sizeInGiB"] = 20 };
            json["fargateEphemeralStorage"] = new JsonObject { ["sizeInGiB"] = 20 };
        }
        return json;
    }

    private static JsonObject Container(TaskRecord task, ContainerRecord container)
    {
        var json = new JsonObject
        {
            ["containerArn"] = container.Arn,
            ["taskArn"] = task.Arn,
            ["name"] = container.Name,
            ["image"] = container.Image,
        };
        if (container.LastStatus != "PENDING") json["imageDigest"] = Ids.ImageDigest(container.Image);
        json.With("runtimeId", container.RuntimeId);
        json["lastStatus"] = container.LastStatus;
        if (container.ExitCode is { } exitCode) json["exitCode"] = exitCode;
        json.With("reason", container.Reason);
        json["networkBindings"] = new JsonArray();
        json["networkInterfaces"] = new JsonArray();
        json["healthStatus"] = "UNKNOWN";
        json.With("cpu", container.Cpu)
            .With("memory", container.Memory)
            .With("memoryReservation", container.MemoryReservation);
        return json;
    }
}
