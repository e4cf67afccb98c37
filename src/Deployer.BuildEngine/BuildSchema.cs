using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.BuildEngine;

/// <summary>
/// Generates <c>.nuke/build.schema.json</c> (JSON Schema draft-07, shaped like NUKE's) so editors
/// complete and check <c>parameters*.json</c>.
/// </summary>
public static class BuildSchema
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema for a build class; pure, derived from its Target properties and parameters.</summary>
    public static string Generate(Type buildType)
    {
        var targetNames = BuildModel.TargetProperties(buildType).Select(p => p.Name);
        return Generate(targetNames, BuildModel.DiscoverParameters(buildType));
    }

    internal static string Generate(IEnumerable<string> targetNames, IReadOnlyList<BuildParameter> parameters)
    {
        var properties = new JsonObject { ["$schema"] = new JsonObject { ["type"] = "string" } };
        foreach (var parameter in parameters.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            var property = TypeOf(parameter.Type);
            if (parameter.Description is not null)
                property["description"] = parameter.Description;
            if (parameter.IsSecret)
                property["writeOnly"] = true;
            properties[parameter.Name] = property;
        }

        properties["Skip"] = new JsonObject
        {
            ["type"] = "array",
            ["description"] = "Targets to skip; an empty list skips every target that was not invoked",
            ["items"] = new JsonObject { ["$ref"] = "#/definitions/ExecutableTarget" },
        };
        properties["Target"] = new JsonObject
        {
            ["type"] = "array",
            ["description"] = "Targets to run",
            ["items"] = new JsonObject { ["$ref"] = "#/definitions/ExecutableTarget" },
        };
        properties["Verbosity"] = new JsonObject { ["$ref"] = "#/definitions/Verbosity" };

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "Build Schema",
            ["definitions"] = new JsonObject
            {
                ["ExecutableTarget"] = new JsonObject { ["type"] = "string", ["enum"] = Array(targetNames) },
                ["Verbosity"] = new JsonObject
                {
                    ["type"] = "string",
                    ["description"] = "Logging verbosity during build execution",
                    ["enum"] = Array(Enum.GetNames<Verbosity>()),
                },
            },
            ["type"] = "object",
            ["properties"] = properties,
            // Strict like the engine: a misspelt key is an error at run time, so flag it in the editor too.
            ["additionalProperties"] = false,
        };
        return schema.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>Writes the schema only when it changed, so unchanged builds leave the working tree clean.</summary>
    internal static void Update(string nukeDirectory, string schema)
    {
        var path = Path.Combine(nukeDirectory, "build.schema.json");
        if (!File.Exists(path) || File.ReadAllText(path) != schema)
            File.WriteAllText(path, schema);
    }

    private static JsonObject TypeOf(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (ValueConverter.ElementType(target) is { } element)
            return new JsonObject { ["type"] = "array", ["items"] = TypeOf(element) };
        if (target.IsEnum)
            return new JsonObject { ["type"] = "string", ["enum"] = Array(Enum.GetNames(target)) };
        var name = Type.GetTypeCode(target) switch
        {
            TypeCode.Boolean => "boolean",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32
                or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "integer",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "number",
            _ => "string",
        };
        return new JsonObject { ["type"] = name };
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
