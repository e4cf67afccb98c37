using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Config;

/// <summary>
/// The JSON Schema (draft-07) of deploy.yml, generated from the same record shapes the loader binds, so editors complete
/// exactly the keys Deployer accepts. The committed copy lives at schema/deploy.schema.json.
/// </summary>
public static class DescriptionSchema
{
    public const string RelativePath = "schema/deploy.schema.json";

    public static string Generate(DescriptionSections sections)
    {
        var definitions = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var root = Describe(typeof(DeployDescription), definitions, sections);
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$id"] = "https://deployer.dev/schema/deploy.schema.json",
            ["title"] = "Deployer deploy description",
            ["$ref"] = root["$ref"]!.DeepClone(),
            ["definitions"] = new JsonObject(definitions.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonObject Describe(Type type, SortedDictionary<string, JsonNode> definitions, DescriptionSections sections)
    {
        var shape = ConfigShape.Of(type);
        switch (shape.Kind)
        {
            case ShapeKind.List:
                return new JsonObject { ["type"] = "array", ["items"] = Describe(shape.Element!, definitions, sections) };
            case ShapeKind.Map:
                return new JsonObject { ["type"] = "object", ["additionalProperties"] = Describe(shape.Element!, definitions, sections) };
            case ShapeKind.Record:
                var name = shape.Type.Name;
                if (!definitions.ContainsKey(name))
                {
                    definitions[name] = new JsonObject(); // placeholder breaks recursion
                    var properties = new JsonObject();
                    foreach (var member in sections.MembersOf(shape))
                    {
                        var property = Describe(member.Type, definitions, sections);
                        if (member.Description is not null) property["description"] = member.Description;
                        properties[member.Key] = property;
                    }
                    var definition = new JsonObject { ["type"] = "object" };
                    var required = shape.Members.Where(m => m.Required).Select(m => (JsonNode?)m.Key).ToArray();
                    if (required.Length > 0) definition["required"] = new JsonArray(required);
                    definition["properties"] = properties;
                    definition["additionalProperties"] = false;
                    definitions[name] = definition;
                }
                return new JsonObject { ["$ref"] = $"#/definitions/{name}" };
            default:
                return Scalar(shape);
        }
    }

    private static JsonObject Scalar(ConfigShape shape)
    {
        var t = shape.Type;
        if (t == typeof(string)) return new JsonObject { ["type"] = "string" };
        JsonObject typed = t.IsEnum
            ? new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(ConfigShape.EnumNames(t).Select(n => (JsonNode?)n).ToArray()) }
            : new JsonObject { ["type"] = t == typeof(bool) ? "boolean" : t == typeof(int) ? "integer" : "number" };
        if (t.IsEnum) return typed;
        // Any scalar may be written as ${VAR}; the loader converts it after interpolation.
        return new JsonObject
        {
            ["anyOf"] = new JsonArray(typed, new JsonObject { ["type"] = "string", ["pattern"] = "\\$\\{" }),
        };
    }
}
