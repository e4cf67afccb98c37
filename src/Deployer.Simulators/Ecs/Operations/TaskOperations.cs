using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Engine;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.Rendering;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>RunTask, StopTask, ListTasks, DescribeTasks.</summary>
internal static class TaskOperations
{
    public static JsonObject Run(EcsState state, JsonObject request)
    {
        var cluster = state.Cluster(request.Str("cluster"));
        var taskDefinition = ServiceOperations.Resolve(state, request.RequiredStr("taskDefinition"));
        var count = request.Int("count") ?? 1;
        if (count is < 1 or > 10) throw EcsError.InvalidParameter("count must be between 1 and 10.");
        var launchType = request.Str("launchType") ?? (request.Arr("capacityProviderStrategy") is null ? "EC2" : null);
        ServiceOperations.CheckLaunch(taskDefinition, launchType, request.Obj("networkConfiguration"));
        var overrides = Overrides(taskDefinition, request.Obj("overrides"));
        var group = request.Str("group") ?? $"family:{taskDefinition.Family}";
        var now = state.Now;
        var tasks = Enumerable.Range(0, count)
            .Select(_ => TaskLauncher.ForRunTask(state, cluster, taskDefinition, now, (JsonObject)overrides.DeepClone(), group,
                request.Str("startedBy"), launchType, request.Str("platformVersion"), Json.Copy(request.Arr("tags")) ?? []))
            .ToList();
        return new JsonObject
        {
            ["tasks"] = Json.Array(tasks.Select(t => TaskJson.Render(state, t, includeTags: false))),
            ["failures"] = new JsonArray(),
        };
    }

    public static JsonObject Stop(EcsState state, JsonObject request)
    {
        var reference = request.RequiredStr("task");
        var cluster = state.ClusterFor(request.Str("cluster"), reference);
        var task = state.FindTask(cluster, reference) ?? throw EcsError.InvalidParameter("The referenced task was not found.");
        TaskLifecycle.RequestStop(task, state.Now, state.Options, "UserInitiated", request.Str("reason") ?? "Task stopped by user");
        return new JsonObject { ["task"] = TaskJson.Render(state, task, includeTags: false) };
    }

    public static JsonObject List(EcsState state, JsonObject request)
    {
        var cluster = state.Cluster(request.Str("cluster"));
        var service = request.Str("serviceName") is { } serviceName ? state.Service(cluster, serviceName) : null;
        var family = request.Str("family");
        var startedBy = request.Str("startedBy");
        var desiredStatus = request.Str("desiredStatus") ?? "RUNNING";
        var launchType = request.Str("launchType");
        var arns = state.Tasks
            .Where(t => t.Cluster == cluster && t.DesiredStatus == desiredStatus)
            .Where(t => service is null || t.Service == service)
            .Where(t => family is null || t.TaskDefinition.Family == family)
            .Where(t => startedBy is null || t.StartedBy == startedBy)
            .Where(t => launchType is null || t.LaunchType == launchType)
            .Select(t => t.Arn)
            .ToList();
        var (page, next) = Paging.Page(arns, request, 100, 100);
        return new JsonObject { ["taskArns"] = Json.Strings(page) }.With("nextToken", next);
    }

    public static JsonObject Describe(EcsState state, JsonObject request)
    {
        var references = request.StrList("tasks");
        if (references is null || references.Count is 0 or > 100) throw EcsError.InvalidParameter("tasks should have between 1 and 100 entries.");
        var cluster = state.ClusterFor(request.Str("cluster"), references[0]);
        var includeTags = (request.StrList("include") ?? []).Contains("TAGS");
        var tasks = new JsonArray();
        var failures = new JsonArray();
        foreach (var reference in references)
        {
            if (state.FindTask(cluster, reference) is { } task) tasks.Add(TaskJson.Render(state, task, includeTags));
            else failures.Add(new JsonObject { ["arn"] = state.Ids.Task(cluster.Name, Ids.LastSegment(reference)), ["reason"] = "MISSING" });
        }
        return new JsonObject { ["tasks"] = tasks, ["failures"] = failures };
    }

    /// <summary>overrides as ECS echoes them: one containerOverrides entry per container, the given ones merged in.</summary>
    private static JsonObject Overrides(TaskDefinitionRecord taskDefinition, JsonObject? given)
    {
        var overrides = Json.Copy(given) ?? new JsonObject();
        var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var node in overrides.Arr("containerOverrides") ?? [])
        {
            if (node is not JsonObject entry) throw EcsError.Serialization("Value for 'containerOverrides[]' is not a valid structure.");
            var name = entry.Str("name") ?? throw EcsError.InvalidParameter("Container override name is required.");
            if (taskDefinition.Containers.All(c => c.Name != name))
                throw EcsError.InvalidParameter($"Override for container named {name} is not a container in the TaskDefinition.");
            byName[name] = entry;
        }
        overrides["containerOverrides"] = Json.Array(taskDefinition.Containers.Select(c =>
            (JsonNode)(byName.TryGetValue(c.Name, out var entry) ? entry.DeepClone() : new JsonObject { ["name"] = c.Name })));
        overrides["inferenceAcceleratorOverrides"] ??= new JsonArray();
        return overrides;
    }
}
