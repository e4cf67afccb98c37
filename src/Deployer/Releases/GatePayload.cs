using System.Text.Json.Nodes;

namespace Deployer.Releases;

/// <summary>
/// The gates' part of a release payload: <c>scans</c> (image name → counts) and <c>smoke</c> (deploy step id → checks).
/// Member names are written out, as in <see cref="ReleasePayload"/>. Reading is lenient: a malformed entry is dropped,
/// never the release, since promotion and rollback need only the release's other facts.
/// </summary>
internal static class GatePayload
{
    public static JsonObject Scans(IReadOnlyDictionary<string, ScanRecord> scans) =>
        new(scans.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonObject
        {
            ["digest"] = p.Value.Digest,
            ["passed"] = p.Value.Passed,
            ["critical"] = p.Value.Critical,
            ["high"] = p.Value.High,
            ["medium"] = p.Value.Medium,
            ["low"] = p.Value.Low,
            ["informational"] = p.Value.Informational,
            ["other"] = p.Value.Other,
            ["allowed"] = p.Value.Allowed,
        })));

    public static JsonObject Smoke(IReadOnlyDictionary<string, SmokeRecord> smoke) =>
        new(smoke.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonObject
        {
            ["testUrl"] = p.Value.TestUrl,
            ["passed"] = p.Value.Passed,
            ["checks"] = new JsonArray(p.Value.Checks.Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c.Name, ["url"] = c.Url, ["requests"] = c.Requests, ["passed"] = c.Passed, ["reason"] = c.Reason,
            }).ToArray()),
        })));

    public static IReadOnlyDictionary<string, ScanRecord>? Scans(JsonNode? node)
    {
        if (node is not JsonObject json) return null;
        var scans = new SortedDictionary<string, ScanRecord>(StringComparer.Ordinal);
        foreach (var (image, value) in json)
        {
            if (value is not JsonObject s || Text(s["digest"]) is not { } digest || Flag(s["passed"]) is not { } passed) continue;
            int Count(string name) => Number(s[name]) ?? 0;
            scans[image] = new ScanRecord(digest, Count("critical"), Count("high"), Count("medium"), Count("low"), Count("informational"), Count("other"), Count("allowed"), passed);
        }
        return scans.Count > 0 ? scans : null;
    }

    public static IReadOnlyDictionary<string, SmokeRecord>? Smoke(JsonNode? node)
    {
        if (node is not JsonObject json) return null;
        var smoke = new SortedDictionary<string, SmokeRecord>(StringComparer.Ordinal);
        foreach (var (step, value) in json)
        {
            if (value is not JsonObject s || Text(s["testUrl"]) is not { } url || Flag(s["passed"]) is not { } passed) continue;
            var checks = (s["checks"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(c => Text(c["name"]) is not null && Flag(c["passed"]) is not null)
                .Select(c => new SmokeCheckRecord(Text(c["name"])!, Text(c["url"]) ?? "", Number(c["requests"]) ?? 0, Flag(c["passed"])!.Value, Text(c["reason"])))
                .ToList();
            smoke[step] = new SmokeRecord(url, passed, checks);
        }
        return smoke.Count > 0 ? smoke : null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool? Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    private static int? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
