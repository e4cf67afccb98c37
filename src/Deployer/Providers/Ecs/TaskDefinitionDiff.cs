using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Providers.Ecs;

/// <summary>
/// Compares task definitions the way a person would: AWS defaults and ordering normalised away, so that a diff shows
/// only real changes and "nothing changed" is detected reliably (ecspresso #895, #1082).
/// </summary>
public static class TaskDefinitionDiff
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A canonical form: read-only members removed, defaults dropped, named lists sorted, keys sorted.</summary>
    public static JsonObject Normalize(JsonObject taskDefinition)
    {
        var copy = (JsonObject)taskDefinition.DeepClone();
        foreach (var member in new[] { "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy", "deregisteredAt" })
            copy.Remove(member);
        var networkMode = copy["networkMode"]?.GetValue<string>();
        foreach (var container in (copy["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>())
            NormalizeContainer(container, networkMode);
        return (JsonObject)Canonical(copy)!;
    }

    /// <summary>True when registering <paramref name="rendered"/> would change nothing compared with <paramref name="live"/>.</summary>
    public static bool AreEquivalent(JsonObject rendered, JsonObject live) =>
        JsonNode.DeepEquals(Normalize(rendered), Normalize(live));

    /// <summary>Line diff of the normalised JSON (<c>-</c> live, <c>+</c> rendered), with a little context; empty when equivalent.</summary>
    public static IReadOnlyList<string> Lines(JsonObject live, JsonObject rendered, int context = 2)
    {
        var before = Normalize(live).ToJsonString(Indented).Split('\n');
        var after = Normalize(rendered).ToJsonString(Indented).Split('\n');
        return LineDiff.Unified(before, after, context);
    }

    private static void NormalizeContainer(JsonObject container, string? networkMode)
    {
        // Defaults ECS fills in on registration; a template written without them is the same definition.
        if (container["essential"]?.GetValue<bool>() == true) container.Remove("essential");
        if (container["cpu"]?.GetValue<int>() == 0) container.Remove("cpu");
        foreach (var key in container.Select(p => p.Key).ToArray())
            if (container[key] is JsonArray { Count: 0 } || container[key] is JsonObject { Count: 0 }) container.Remove(key);
        foreach (var mapping in (container["portMappings"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (mapping["protocol"]?.GetValue<string>() == "tcp") mapping.Remove("protocol");
            if (networkMode == "awsvpc" && mapping["hostPort"]?.GetValue<int>() == mapping["containerPort"]?.GetValue<int>())
                mapping.Remove("hostPort");
        }
        foreach (var list in new[] { "environment", "secrets" })
            if (container[list] is JsonArray items)
                container[list] = new JsonArray(items.OfType<JsonObject>().OrderBy(i => i["name"]?.GetValue<string>(), StringComparer.Ordinal)
                    .Select(i => (JsonNode?)i.DeepClone()).ToArray());
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };
}
