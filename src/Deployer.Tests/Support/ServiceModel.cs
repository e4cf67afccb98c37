using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Deployer.Tests.Support;

/// <summary>
/// The botocore service models (service-2.json.gz of the installed botocore), used to check JSON bodies against an
/// operation's input or output shape: unknown members, wrong types, missing required members and enum values, each
/// reported with its JSON path. Nobody here wrote these models, which is the point.
/// </summary>
public sealed class ServiceModel
{
    private static readonly Lazy<ServiceModel> Installed = new(() => new ServiceModel(FindBotocoreData()));
    private readonly string _dataDirectory;
    private readonly ConcurrentDictionary<string, JsonObject> _models = new();

    private ServiceModel(string dataDirectory) => _dataDirectory = dataDirectory;

    /// <summary>The models of the botocore that python3 imports.</summary>
    public static ServiceModel Botocore => Installed.Value;

    /// <summary>Model metadata of a service (botocore directory name, e.g. <c>secretsmanager</c>): targetPrefix, signingName, …</summary>
    public JsonObject Metadata(string service) => Model(service)["metadata"]!.AsObject();

    /// <summary>An operation of a service (restXml services: its <c>http</c> method and requestUri are what a client must send).</summary>
    public JsonObject Operation(string service, string operation) => Model(service)["operations"]![operation]!.AsObject();

    public JsonObject Shape(string service, string shape) => Model(service)["shapes"]![shape]!.AsObject();

    /// <summary>The wire names of a structure's members (locationName where the model sets one).</summary>
    public IEnumerable<string> Members(string service, string shape) =>
        Shape(service, shape)["members"]!.AsObject().Select(member => (string?)member.Value!["locationName"] ?? member.Key);

    public IReadOnlyList<string> ValidateInput(string service, string operation, JsonNode? body) => Validate(service, operation, "input", body);

    public IReadOnlyList<string> ValidateOutput(string service, string operation, JsonNode? body) => Validate(service, operation, "output", body);

    /// <summary>
    /// A query-protocol request (RDS, STS) as its form fields: Action and Version against the model, every other field
    /// placed by the input shape's serialization names (<c>Tags.Tag.1.Key</c>), then checked like a JSON body.
    /// Fields no member claims are reported as unknown.
    /// </summary>
    public IReadOnlyList<string> ValidateQueryInput(string service, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var model = Model(service);
        var errors = new List<string>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in form)
            if (!fields.TryAdd(name, value)) errors.Add($"{name}: sent twice");
        var version = (string?)model["metadata"]!["apiVersion"];
        if (fields.Remove("Version", out var sent) ? sent != version : true) errors.Add($"Version: expected {version}, got {sent ?? "nothing"}");
        if (!fields.Remove("Action", out var action)) return [.. errors, "Action: missing"];
        if (model["operations"]?[action] is not { } op) return [.. errors, $"Action: botocore has no operation {service}.{action}"];

        var shapes = model["shapes"]!.AsObject();
        if (op["input"]?["shape"] is JsonValue shape)
        {
            var body = new QueryReader(shapes, fields).Structure((string)shape!, "");
            new Walker(shapes, errors, "iso8601").Check((string)shape!, null, body, "$");
        }
        errors.AddRange(fields.Keys.Order(StringComparer.Ordinal).Select(name => $"{name}: unknown parameter of {action}"));
        return errors;
    }

    private IReadOnlyList<string> Validate(string service, string operation, string direction, JsonNode? body)
    {
        var model = Model(service);
        var op = model["operations"]?[operation] ?? throw new ArgumentException($"botocore has no operation {service}.{operation}");
        var errors = new List<string>();
        if (op[direction]?["shape"] is JsonValue shape) new Walker(model["shapes"]!.AsObject(), errors, "unixTimestamp").Check((string)shape!, null, body, "$");
        else if (body is JsonObject { Count: > 0 } extra) errors.Add($"$: {operation} has no {direction}, but the body has {string.Join(", ", extra.Select(p => p.Key))}");
        return errors;
    }

    private JsonObject Model(string service) => _models.GetOrAdd(service, name =>
    {
        var serviceDirectory = Path.Combine(_dataDirectory, name);
        if (!Directory.Exists(serviceDirectory)) throw new ArgumentException($"botocore has no service '{name}' in {_dataDirectory}");
        // Version directories are dates: the last one is the current API.
        var version = Directory.GetDirectories(serviceDirectory).Order(StringComparer.Ordinal).Last();
        var gz = Path.Combine(version, "service-2.json.gz");
        using Stream stream = File.Exists(gz) ? new GZipStream(File.OpenRead(gz), CompressionMode.Decompress) : File.OpenRead(Path.Combine(version, "service-2.json"));
        return JsonNode.Parse(stream)!.AsObject();
    });

    /// <summary>
    /// Query fields → JSON by the shapes, taking each field it places out of <c>fields</c>: structure members by their
    /// locationName (else their name), lists as <c>Name.member.N</c> (or <c>Name.&lt;locationName&gt;.N</c>, or
    /// <c>Name.N</c> when flattened), maps as <c>Name.entry.N.key/value</c>, numbers and booleans converted when they parse.
    /// </summary>
    private sealed class QueryReader(JsonObject shapes, Dictionary<string, string> fields)
    {
        public JsonObject Structure(string shapeName, string prefix)
        {
            var json = new JsonObject();
            foreach (var (name, member) in shapes[shapeName]!["members"]?.AsObject() ?? [])
            {
                var key = prefix + ((string?)member!["locationName"] ?? name);
                if (Value((string)member["shape"]!, key) is { } value) json[name] = value;
            }
            return json;
        }

        private JsonNode? Value(string shapeName, string key)
        {
            var shape = shapes[shapeName]!.AsObject();
            if (!fields.Keys.Any(f => f == key || f.StartsWith(key + ".", StringComparison.Ordinal))) return null;
            switch ((string)shape["type"]!)
            {
                case "structure":
                    return Structure(shapeName, key + ".");
                case "list":
                    var member = shape["member"]!.AsObject();
                    var itemPrefix = shape["flattened"] is JsonValue flat && (bool)flat ? key : $"{key}.{(string?)member["locationName"] ?? "member"}";
                    var list = new JsonArray();
                    for (var i = 1; Value((string)member["shape"]!, $"{itemPrefix}.{i}") is { } item; i++) list.Add(item);
                    if (fields.Remove(key, out var empty) && empty.Length > 0) list.Add(JsonValue.Create(empty)); // a list sent as a scalar
                    return list;
                case "map":
                    var keyShape = shape["key"]!.AsObject();
                    var valueShape = shape["value"]!.AsObject();
                    var map = new JsonObject();
                    for (var i = 1; fields.Remove($"{key}.entry.{i}.{(string?)keyShape["locationName"] ?? "key"}", out var entryKey); i++)
                        map[entryKey] = Value((string)valueShape["shape"]!, $"{key}.entry.{i}.{(string?)valueShape["locationName"] ?? "value"}");
                    return map;
                default:
                    if (!fields.Remove(key, out var text)) return null;
                    return (string)shape["type"]! switch
                    {
                        "integer" or "long" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                        "double" or "float" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
                        "boolean" when text is "true" or "false" => JsonValue.Create(text == "true"),
                        _ => JsonValue.Create(text),
                    };
            }
        }
    }

    private sealed class Walker(JsonObject shapes, List<string> errors, string defaultTimestampFormat)
    {
        public void Check(string shapeName, JsonObject? memberRef, JsonNode? node, string path)
        {
            var shape = shapes[shapeName]!.AsObject();
            var type = (string)shape["type"]!;
            if (node is null)
            {
                errors.Add($"{path}: null where {type} {shapeName} is expected");
                return;
            }
            switch (type)
            {
                // A document (hookDetails) is free-form JSON: botocore marks it as a structure with "document": true.
                case "structure" when shape["document"] is JsonValue document && (bool)document: break;
                case "structure": Structure(shapeName, shape, node, path); break;
                case "list":
                    if (node is not JsonArray array) { Wrong(path, "list", shapeName, node); break; }
                    var member = shape["member"]!.AsObject();
                    for (var i = 0; i < array.Count; i++) Check((string)member["shape"]!, member, array[i], $"{path}[{i}]");
                    break;
                case "map":
                    if (node is not JsonObject map) { Wrong(path, "map", shapeName, node); break; }
                    var key = shape["key"]!.AsObject();
                    var value = shape["value"]!.AsObject();
                    foreach (var (name, item) in map)
                    {
                        Check((string)key["shape"]!, key, JsonValue.Create(name), $"{path}.<key {name}>");
                        Check((string)value["shape"]!, value, item, $"{path}.{name}");
                    }
                    break;
                case "string":
                    if (!IsKind(node, System.Text.Json.JsonValueKind.String)) { Wrong(path, "string", shapeName, node); break; }
                    if (shape["enum"] is JsonArray values && !values.Any(v => (string?)v == (string)node!))
                        errors.Add($"{path}: '{(string)node!}' is not one of {string.Join(", ", values.Select(v => (string?)v))} ({shapeName})");
                    break;
                case "integer": Integer(node, path, shapeName, int.MinValue, int.MaxValue); break;
                case "long": Integer(node, path, shapeName, long.MinValue, long.MaxValue); break;
                case "double" or "float":
                    if (!IsKind(node, System.Text.Json.JsonValueKind.Number)) Wrong(path, type, shapeName, node);
                    break;
                case "boolean":
                    if (!IsKind(node, System.Text.Json.JsonValueKind.True) && !IsKind(node, System.Text.Json.JsonValueKind.False)) Wrong(path, "boolean", shapeName, node);
                    break;
                case "timestamp":
                    var format = (string?)memberRef?["timestampFormat"] ?? (string?)shape["timestampFormat"] ?? defaultTimestampFormat;
                    var expected = format == "unixTimestamp" ? System.Text.Json.JsonValueKind.Number : System.Text.Json.JsonValueKind.String;
                    if (!IsKind(node, expected)) Wrong(path, $"timestamp ({format})", shapeName, node);
                    break;
                case "blob":
                    if (!IsKind(node, System.Text.Json.JsonValueKind.String) || !IsBase64((string)node!)) Wrong(path, "blob (base64 string)", shapeName, node);
                    break;
                case "document": break;
                default: errors.Add($"{path}: shape {shapeName} has type {type}, which this validator does not know"); break;
            }
        }

        private void Structure(string shapeName, JsonObject shape, JsonNode node, string path)
        {
            if (node is not JsonObject json)
            {
                Wrong(path, "structure", shapeName, node);
                return;
            }
            var members = shape["members"]?.AsObject() ?? [];
            var wireNames = members.ToDictionary(m => (string?)m.Value!["jsonName"] ?? m.Key, m => m.Value!.AsObject());
            foreach (var required in shape["required"]?.AsArray() ?? [])
            {
                var name = (string)required!;
                var wire = (string?)members[name]?["jsonName"] ?? name;
                if (json[wire] is null) errors.Add($"{path}: missing required member {wire} ({shapeName})");
            }
            foreach (var (name, value) in json)
            {
                if (!wireNames.TryGetValue(name, out var member))
                    errors.Add($"{path}: unknown member {name} ({shapeName} has {string.Join(", ", wireNames.Keys)})");
                else Check((string)member["shape"]!, member, value, $"{path}.{name}");
            }
            if (shape["union"] is JsonValue union && (bool)union && json.Count(p => p.Value is not null) > 1)
                errors.Add($"{path}: union {shapeName} has more than one member set");
        }

        private void Integer(JsonNode node, string path, string shapeName, decimal min, decimal max)
        {
            if (!IsKind(node, System.Text.Json.JsonValueKind.Number)
                || !decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                || number != decimal.Truncate(number) || number < min || number > max)
                Wrong(path, max == int.MaxValue ? "integer" : "long", shapeName, node);
        }

        private void Wrong(string path, string expected, string shapeName, JsonNode node) =>
            errors.Add($"{path}: expected {expected} ({shapeName}), got {node.GetValueKind().ToString().ToLowerInvariant()} {Truncate(node.ToJsonString())}");

        private static bool IsKind(JsonNode node, System.Text.Json.JsonValueKind kind) => node is JsonValue && node.GetValueKind() == kind;

        private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

        private static string Truncate(string text) => text.Length <= 60 ? text : text[..57] + "...";
    }

    /// <summary>botocore/data of the botocore that python3 imports, else the first one found on PYTHONPATH.</summary>
    private static string FindBotocoreData()
    {
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-c", "import botocore, os; print(os.path.dirname(botocore.__file__))" }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0 && Directory.Exists(Path.Combine(output, "data"))) return Path.Combine(output, "data");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No python3 on PATH: try PYTHONPATH below.
        }
        var fromPath = (Environment.GetEnvironmentVariable("PYTHONPATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "botocore", "data")).FirstOrDefault(Directory.Exists);
        return fromPath ?? throw new InvalidOperationException("botocore is not installed: `pip install botocore` (moto[server] brings it)");
    }
}
