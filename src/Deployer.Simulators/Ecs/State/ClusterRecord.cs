using System.Text.Json.Nodes;

namespace Deployer.Simulators.Ecs.State;

/// <summary>A cluster. Clusters only hold services and tasks here: there are no container instances.</summary>
internal sealed class ClusterRecord(string name, string arn, DateTimeOffset createdAt)
{
    public string Name { get; } = name;
    public string Arn { get; } = arn;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string Status { get; set; } = "ACTIVE";
    public JsonArray Tags { get; set; } = [];
    public JsonArray Settings { get; set; } = [];
    public JsonArray CapacityProviders { get; set; } = [];
    public JsonArray DefaultCapacityProviderStrategy { get; set; } = [];
    public JsonObject? Configuration { get; set; }
    public JsonObject? ServiceConnectDefaults { get; set; }
}

/// <summary>A registered task definition revision: the taskDefinition object as the service returns it.</summary>
internal sealed class TaskDefinitionRecord(string family, int revision, string arn, JsonObject body, JsonArray tags, DateTimeOffset registeredAt)
{
    public string Family { get; } = family;
    public int Revision { get; } = revision;
    public string Arn { get; } = arn;
    /// <summary>The taskDefinition object without status / deregisteredAt, which are added when rendered.</summary>
    public JsonObject Body { get; } = body;
    public JsonArray Tags { get; } = tags;
    public DateTimeOffset RegisteredAt { get; } = registeredAt;
    public string Status { get; set; } = "ACTIVE";
    public DateTimeOffset? DeregisteredAt { get; set; }

    /// <summary>containerDefinitions as (name, image, command, essential).</summary>
    public IEnumerable<ContainerSpec> Containers =>
        (Body["containerDefinitions"]?.AsArray() ?? []).OfType<JsonObject>().Select(c => new ContainerSpec(
            c["name"]?.GetValue<string>() ?? "",
            c["image"]?.GetValue<string>() ?? "",
            c["command"] is JsonArray command ? command.Select(x => x?.GetValue<string>() ?? "").ToList() : [],
            c["essential"]?.GetValue<bool>() ?? true,
            c["cpu"]?.GetValue<int>(),
            c["memory"]?.GetValue<int>(),
            c["memoryReservation"]?.GetValue<int>()));

    public bool SupportsFargate => Body["requiresCompatibilities"] is JsonArray required && required.Any(x => x?.GetValue<string>() == "FARGATE");
    public string? NetworkMode => Body["networkMode"]?.GetValue<string>();
}

internal sealed record ContainerSpec(string Name, string Image, IReadOnlyList<string> Command, bool Essential, int? Cpu, int? Memory, int? MemoryReservation);
