using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Engine;

/// <summary>Creates tasks (for a service deployment or RunTask) with their schedule, applying the faults set at launch.</summary>
internal static class TaskLauncher
{
    /// <summary>A service task of <paramref name="deployment"/>.</summary>
    public static TaskRecord ForService(EcsState state, ServiceRecord service, DeploymentRecord deployment, DateTimeOffset now) =>
        Launch(state, service.Cluster, deployment.Revision.TaskDefinition, now, new JsonObject
        {
            ["containerOverrides"] = new JsonArray(deployment.Revision.TaskDefinition.Containers.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name }).ToArray()),
            ["inferenceAcceleratorOverrides"] = new JsonArray(),
        }, group: $"service:{service.Name}", startedBy: deployment.Id, deployment.Revision.LaunchType, deployment.Revision.PlatformVersion,
            service, deployment, runsToCompletion: false, tags: []);

    /// <summary>A RunTask task: it runs for <see cref="EcsSimulatorOptions.RunTaskDuration"/>, then exits with the planned exit codes.</summary>
    public static TaskRecord ForRunTask(EcsState state, ClusterRecord cluster, TaskDefinitionRecord taskDefinition, DateTimeOffset now,
        JsonObject overrides, string group, string? startedBy, string? launchType, string? platformVersion, JsonArray tags) =>
        Launch(state, cluster, taskDefinition, now, overrides, group, startedBy, launchType, platformVersion, null, null, runsToCompletion: true, tags);

    private static TaskRecord Launch(EcsState state, ClusterRecord cluster, TaskDefinitionRecord taskDefinition, DateTimeOffset now,
        JsonObject overrides, string group, string? startedBy, string? launchType, string? platformVersion,
        ServiceRecord? service, DeploymentRecord? deployment, bool runsToCompletion, JsonArray tags)
    {
        var options = state.Options;
        var specs = taskDefinition.Containers.ToList();
        var images = specs.Select(s => s.Image).ToList();
        var startDelay = options.TaskStartDelay + state.Faults.ExtraStartDelay(images);
        var id = Ids.TaskId();
        var exitCodes = state.Faults.TaskExitCodes;
        var containers = specs.Select(spec => new ContainerRecord(spec.Name, state.Ids.Container(cluster.Name, id), spec.Image, spec.Essential)
        {
            PlannedExitCode = runsToCompletion ? exitCodes(CommandOf(overrides, spec)) : 0,
            Cpu = (spec.Cpu ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Memory = spec.Memory?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            MemoryReservation = spec.MemoryReservation?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        var task = new TaskRecord(id, state.Ids.Task(cluster.Name, id), cluster, taskDefinition, now)
        {
            Group = group,
            StartedBy = startedBy,
            LaunchType = launchType,
            PlatformVersion = launchType == "FARGATE" ? (platformVersion is null or "LATEST" ? "1.4.0" : platformVersion) : null,
            Overrides = overrides,
            Tags = tags,
            Containers = containers,
            Service = service,
            Deployment = deployment,
            PendingDue = now + startDelay / 2,
            RunningDue = now + startDelay,
            Failure = state.Faults.FailureFor(images),
            RunsToCompletion = runsToCompletion,
        };
        state.Tasks.Add(task);
        return task;
    }

    /// <summary>The command a container runs: its override, else its definition's.</summary>
    private static IReadOnlyList<string> CommandOf(JsonObject overrides, ContainerSpec spec)
    {
        var match = (overrides["containerOverrides"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(o => o["name"]?.GetValue<string>() == spec.Name);
        return match?["command"] is JsonArray command ? command.Select(x => x?.GetValue<string>() ?? "").ToList() : spec.Command;
    }
}
