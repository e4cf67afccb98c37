using System.Globalization;
using System.Text.Json.Nodes;

namespace Deployer.Simulators.Ecs.Protocol;

/// <summary>Reading request members (type errors become SerializationException, as the service answers) and writing response members.</summary>
internal static class Json
{
    public static string? Str(this JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw Mismatch(name, "string"),
    };

    public static string RequiredStr(this JsonObject o, string name) =>
        o.Str(name) is { Length: > 0 } s ? s : throw EcsError.InvalidParameter($"{name} is required.");

    public static int? Int(this JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        _ => throw Mismatch(name, "integer"),
    };

    public static bool? Bool(this JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => throw Mismatch(name, "boolean"),
    };

    public static JsonObject? Obj(this JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonObject child => child,
        _ => throw Mismatch(name, "structure"),
    };

    public static JsonArray? Arr(this JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonArray a => a,
        _ => throw Mismatch(name, "list"),
    };

    public static List<string>? StrList(this JsonObject o, string name) => o.Arr(name)?.Select(item => item switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw Mismatch(name + "[]", "string"),
    }).ToList();

    /// <summary>A timestamp member: epoch seconds (what awsJson clients send) or an ISO 8601 string.</summary>
    public static DateTimeOffset? Time(this JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var seconds) => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)),
        JsonValue v when v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t,
        _ => throw Mismatch(name, "timestamp"),
    };

    /// <summary>Timestamps go out as epoch seconds with milliseconds, like the service's.</summary>
    public static JsonNode Epoch(DateTimeOffset t) => JsonValue.Create(Math.Round(t.ToUnixTimeMilliseconds() / 1000.0, 3));

    public static JsonNode? Epoch(DateTimeOffset? t) => t is { } value ? Epoch(value) : null;

    /// <summary>Adds a member unless the value is null (absent members are left out, never sent as null).</summary>
    public static JsonObject With(this JsonObject o, string name, JsonNode? value)
    {
        if (value is not null) o[name] = value;
        return o;
    }

    public static JsonObject With(this JsonObject o, string name, string? value) => o.With(name, value is null ? null : JsonValue.Create(value));

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    public static JsonArray Array(IEnumerable<JsonNode> items) => new(items.Cast<JsonNode?>().ToArray());

    public static T? Copy<T>(T? node) where T : JsonNode => (T?)node?.DeepClone();

    private static EcsError Mismatch(string name, string expected) =>
        EcsError.Serialization($"Value for '{name}' is not a valid {expected}.");
}
