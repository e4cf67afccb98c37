using System.Text.Json.Nodes;

namespace Deployer.Simulators.GitHub.Protocol;

/// <summary>Typed reads of a request body's members; a member of the wrong type is a 422, as GitHub's schema check answers.</summary>
internal sealed class Body(JsonObject json, string documentationUrl)
{
    public JsonObject Json { get; } = json;

    public JsonNode? Raw(string name) => Json[name];

    public string? Str(string name) => Json[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw Mismatch(name, other, "string"),
    };

    public string RequiredStr(string name) =>
        Str(name) ?? throw GitHubError.InvalidRequest($"\"{name}\" wasn't supplied.", documentationUrl);

    public bool? Bool(string name) => Json[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw Mismatch(name, other, "boolean"),
    };

    public List<string>? Strings(string name) => Json[name] switch
    {
        null => null,
        JsonArray array => array.Select(item => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Mismatch(name + "/items", item, "string")).ToList(),
        var other => throw Mismatch(name, other, "array"),
    };

    private GitHubError Mismatch(string name, JsonNode? value, string expected) =>
        GitHubError.InvalidRequest($"For 'properties/{name}', {value?.ToJsonString() ?? "nil"} is not {(expected[0] is 'a' ? "an" : "a")} {expected}.", documentationUrl);
}
