using System.Text.Json.Nodes;
using Deployer.Planning;

namespace Deployer.Releases;

/// <summary>
/// A <see cref="Release"/> as JSON: the GitHub deployment payload and the local ledger's record. The member names are
/// written out here, not derived from the C# names, so renaming a property cannot orphan the releases already recorded.
/// <c>"deployer": 1</c> marks a payload as ours (and its version); other tools' deployments in the same environment lack it.
/// </summary>
public static class ReleasePayload
{
    public const int Version = 1;

    public static JsonObject ToJson(Release release)
    {
        var json = new JsonObject
        {
            ["deployer"] = Version,
            ["app"] = release.App,
            ["environment"] = release.Environment,
            ["gitSha"] = release.GitSha,
            ["mode"] = ModeName(release.Mode),
            ["images"] = Map(release.Images),
            ["targets"] = Map(release.Targets),
            ["migration"] = release.Migration is { } m
                ? new JsonObject { ["tool"] = m.Tool, ["before"] = m.Before, ["after"] = m.After, ["applied"] = List(m.Applied) }
                : null,
            ["urls"] = List(release.Urls),
            ["source"] = release.Source,
            ["replaces"] = release.Replaces,
        };
        // Written only when present, so releases without gates keep the payload they always had.
        if (release.Scans is { Count: > 0 } scans) json["scans"] = GatePayload.Scans(scans);
        if (release.Smoke is { Count: > 0 } smoke) json["smoke"] = GatePayload.Smoke(smoke);
        return json;
    }

    /// <summary>The release in <paramref name="payload"/>, or null when the payload is not a Deployer release of a known version.</summary>
    public static Release? Parse(JsonNode? payload)
    {
        if (payload is not JsonObject json || Number(json["deployer"]) != Version) return null;
        if (Text(json["app"]) is not { } app || Text(json["environment"]) is not { } environment || Text(json["gitSha"]) is not { } sha) return null;
        if (Mode(Text(json["mode"])) is not { } mode) return null;
        if (Map(json["images"]) is not { } images || Targets(json) is not { } targets || Strings(json["urls"]) is not { } urls) return null;
        MigrationRecord? migration = null;
        if (json["migration"] is JsonObject m)
        {
            if (Text(m["tool"]) is not { } tool || Strings(m["applied"]) is not { } applied) return null;
            migration = new MigrationRecord(tool, Text(m["before"]), Text(m["after"]), applied);
        }
        else if (json["migration"] is not null) return null;
        return new Release(app, environment, sha, mode, images, targets, migration, urls, Text(json["source"]), Text(json["replaces"]),
            GatePayload.Scans(json["scans"]), GatePayload.Smoke(json["smoke"]));
    }

    /// <summary>Targets by step id; releases recorded before targets existed kept ECS task definitions by service name.</summary>
    private static IReadOnlyDictionary<string, string>? Targets(JsonObject json) =>
        json["targets"] is { } targets
            ? Map(targets)
            : Map(json["taskDefinitions"]) is { } legacy
                ? legacy.ToDictionary(pair => $"deploy-ecs:{pair.Key}", pair => pair.Value, StringComparer.Ordinal)
                : null;

    public static string ModeName(PlanMode mode) => mode switch
    {
        PlanMode.Release => "release",
        PlanMode.Promotion => "promotion",
        PlanMode.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    private static PlanMode? Mode(string? name) => name switch
    {
        "release" => PlanMode.Release,
        "promotion" => PlanMode.Promotion,
        "rollback" => PlanMode.Rollback,
        _ => null,
    };

    // Sorted, so the same release always serialises to the same text.
    private static JsonObject Map(IReadOnlyDictionary<string, string> map) =>
        new(map.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value)));

    private static JsonArray List(IEnumerable<string> items) => new(items.Select(item => (JsonNode?)item).ToArray());

    private static IReadOnlyDictionary<string, string>? Map(JsonNode? node)
    {
        if (node is null) return new Dictionary<string, string>();
        if (node is not JsonObject json) return null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in json)
        {
            if (Text(value) is not { } text) return null;
            map[key] = text;
        }
        return map;
    }

    private static IReadOnlyList<string>? Strings(JsonNode? node)
    {
        if (node is null) return [];
        if (node is not JsonArray array) return null;
        var items = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (Text(item) is not { } text) return null;
            items.Add(text);
        }
        return items;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var number) ? number
        : node is JsonValue d && d.TryGetValue<double>(out var real) && real == Math.Floor(real) ? (long)real : null;
}
