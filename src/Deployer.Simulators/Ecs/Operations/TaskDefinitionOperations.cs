using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>
/// RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions.
/// Registration fills in the defaults the service adds (cpu 0, essential true, empty lists, portMappings protocol
/// and hostPort, compatibilities, requiresAttributes), so that clients meet the same diff noise as against AWS.
/// </summary>
internal static class TaskDefinitionOperations
{
    public static JsonObject Register(EcsState state, JsonObject request)
    {
        var family = request.RequiredStr("family");
        if (!Validation.IsName(family)) throw EcsError.Client("Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.");
        var containers = request.Arr("containerDefinitions");
        if (containers is null || containers.Count == 0) throw EcsError.Client("Container list cannot be empty.");
        var networkMode = request.Str("networkMode");
        var cpu = request.Str("cpu");
        var memory = request.Str("memory");
        var compatibilities = request.StrList("requiresCompatibilities") ?? [];
        if (compatibilities.Contains("FARGATE"))
        {
            if (networkMode != "awsvpc") throw EcsError.Client("Fargate only supports network mode 'awsvpc'.");
            if (cpu is null) throw EcsError.Client("Fargate requires that 'cpu' be defined at the task level.");
            if (memory is null) throw EcsError.Client("Fargate requires that 'memory' be defined at the task level.");
        }

        var revisions = state.TaskDefinitions.TryGetValue(family, out var existing) ? existing : state.TaskDefinitions[family] = [];
        var revision = revisions.Count + 1;
        var arn = state.Ids.TaskDefinition(family, revision);
        var now = state.Now;
        var body = new JsonObject { ["taskDefinitionArn"] = arn };
        foreach (var (name, value) in request)
            if (name != "tags") body[name] = value?.DeepClone();
        body["containerDefinitions"] = Json.Array(containers.Select(c => Container(c, networkMode)));
        body["revision"] = revision;
        body["volumes"] ??= new JsonArray();
        body["requiresAttributes"] = RequiresAttributes(request, networkMode);
        body["placementConstraints"] ??= new JsonArray();
        body["compatibilities"] = Json.Strings(compatibilities.Contains("FARGATE") ? ["EC2", "FARGATE"] : ["EC2"]);
        body["registeredAt"] = Json.Epoch(now);
        body["registeredBy"] = state.Ids.CreatedBy;
        var record = new TaskDefinitionRecord(family, revision, arn, body, Json.Copy(request.Arr("tags")) ?? [], now);
        revisions.Add(record);
        return new JsonObject { ["taskDefinition"] = Render(record), ["tags"] = Json.Copy(record.Tags) };
    }

    public static JsonObject Describe(EcsState state, JsonObject request)
    {
        var record = state.FindTaskDefinition(request.RequiredStr("taskDefinition")) ?? throw EcsError.Client("Unable to describe task definition.");
        var response = new JsonObject { ["taskDefinition"] = Render(record) };
        if ((request.StrList("include") ?? []).Contains("TAGS")) response["tags"] = Json.Copy(record.Tags);
        return response;
    }

    public static JsonObject Deregister(EcsState state, JsonObject request)
    {
        var reference = request.RequiredStr("taskDefinition");
        if (!Ids.LastSegment(reference).Contains(':') && !reference.Contains("task-definition/", StringComparison.Ordinal))
            throw EcsError.Client("The specified task definition identifier is invalid. Specify a family and revision (family:revision) or an ARN.");
        var record = state.FindTaskDefinition(reference) ?? throw EcsError.Client("The specified task definition does not exist.");
        if (record.Status == "ACTIVE")
        {
            record.Status = "INACTIVE";
            record.DeregisteredAt = state.Now;
        }
        return new JsonObject { ["taskDefinition"] = Render(record) };
    }

    public static JsonObject List(EcsState state, JsonObject request)
    {
        var family = request.Str("familyPrefix");
        var status = request.Str("status") ?? "ACTIVE";
        var descending = request.Str("sort") == "DESC";
        var all = state.TaskDefinitions
            .Where(kv => family is null || kv.Key == family)
            .SelectMany(kv => kv.Value)
            .Where(t => t.Status == status)
            .OrderBy(t => t.Family, StringComparer.Ordinal).ThenBy(t => t.Revision)
            .Select(t => t.Arn)
            .ToList();
        if (descending) all.Reverse();
        var (page, next) = Paging.Page(all, request, 100, 100);
        return new JsonObject { ["taskDefinitionArns"] = Json.Strings(page) }.With("nextToken", next);
    }

    public static JsonObject Render(TaskDefinitionRecord record)
    {
        var json = (JsonObject)record.Body.DeepClone();
        json["status"] = record.Status;
        json.With("deregisteredAt", Json.Epoch(record.DeregisteredAt));
        return json;
    }

    private static JsonObject Container(JsonNode? node, string? networkMode)
    {
        if (node is not JsonObject source) throw EcsError.Serialization("Value for 'containerDefinitions[]' is not a valid structure.");
        if (source.Str("name") is not { Length: > 0 }) throw EcsError.Client("Container.name should not be null or empty.");
        if (source.Str("image") is not { Length: > 0 }) throw EcsError.Client("Container.image should not be null or empty.");
        // Type-check the members the simulator reads later, as the service's deserializer would.
        _ = (source.Int("cpu"), source.Int("memory"), source.Int("memoryReservation"), source.Bool("essential"), source.StrList("command"), source.Arr("portMappings"));
        var variables = (source.Arr("environment") ?? []).OfType<JsonObject>().Select(v => v.Str("name")).ToHashSet(StringComparer.Ordinal);
        if ((source.Arr("secrets") ?? []).OfType<JsonObject>().Select(v => v.Str("name")).FirstOrDefault(variables.Contains) is { } shared)
            throw EcsError.Client($"The secret name must be unique and not shared with any new or existing environment variables set on the container, such as '{shared}'.");
        var container = (JsonObject)source.DeepClone();
        container["cpu"] ??= 0;
        var mappings = new JsonArray();
        foreach (var mapping in source.Arr("portMappings") ?? [])
        {
            var copy = (JsonObject)mapping!.DeepClone();
            if (networkMode is "awsvpc" or "host" && copy["hostPort"] is null && copy["containerPort"] is { } port) copy["hostPort"] = port.DeepClone();
            copy["protocol"] ??= "tcp";
            mappings.Add(copy);
        }
        container["portMappings"] = mappings;
        container["essential"] ??= true;
        container["environment"] ??= new JsonArray();
        container["mountPoints"] ??= new JsonArray();
        container["volumesFrom"] ??= new JsonArray();
        container["systemControls"] ??= new JsonArray();
        return container;
    }

    private static JsonArray RequiresAttributes(JsonObject request, string? networkMode)
    {
        var names = new List<string> { "com.amazonaws.ecs.capability.docker-remote-api.1.18" };
        if (networkMode == "awsvpc") names.Add("ecs.capability.task-eni");
        if (request.Str("taskRoleArn") is not null) names.Add("com.amazonaws.ecs.capability.task-iam-role");
        if (request.Str("executionRoleArn") is not null) names.Add("ecs.capability.execution-role-ecr-pull");
        var json = request.ToJsonString();
        if (json.Contains("\"awslogs\"", StringComparison.Ordinal))
        {
            names.Add("com.amazonaws.ecs.capability.logging-driver.awslogs");
            names.Add("ecs.capability.execution-role-awslogs");
        }
        if (json.Contains("\"secrets\"", StringComparison.Ordinal)) names.Add("ecs.capability.secrets.asm.environment-variables");
        return Json.Array(names.Select(n => new JsonObject { ["name"] = n }));
    }
}
