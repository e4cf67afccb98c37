using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deployer.Providers.Sam;

/// <summary>
/// A CloudFormation / SAM template as a YAML node tree (JSON is YAML too), so short-form intrinsics (<c>!Ref</c>,
/// <c>!Sub</c>, <c>!GetAtt</c>) survive a rewrite as the tags they are. Read once, rewritten in place by the packager.
/// </summary>
public sealed class SamTemplate
{
    private readonly YamlStream _stream;

    private SamTemplate(YamlStream stream, YamlMappingNode root)
    {
        _stream = stream;
        Root = root;
    }

    public YamlMappingNode Root { get; }

    /// <summary>Parses <paramref name="text"/>; a message naming what is wrong (with line and column) when it is not a template.</summary>
    public static (SamTemplate? Template, string? Error) Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return (null, $"is not YAML or JSON (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return (null, "is not a template: expected one YAML or JSON mapping");
        if (Mapping(root, "Resources") is not { Children.Count: > 0 })
            return (null, "is not a template: it has no 'Resources'");
        return (new SamTemplate(stream, root), null);
    }

    /// <summary>The resources by logical id: (id, type, properties or null).</summary>
    public IEnumerable<(string Id, string Type, YamlMappingNode? Properties)> Resources() =>
        Mapping(Root, "Resources")!.Children
            .Where(r => r.Key is YamlScalarNode && r.Value is YamlMappingNode)
            .Select(r => (((YamlScalarNode)r.Key).Value ?? "", Scalar((YamlMappingNode)r.Value, "Type") ?? "", Mapping((YamlMappingNode)r.Value, "Properties")));

    /// <summary>Whether the template declares a transform (AWS::Serverless-2016-10-31 or a macro): CAPABILITY_AUTO_EXPAND.</summary>
    public bool HasTransform => Root.Children.ContainsKey(new YamlScalarNode("Transform"));

    /// <summary>The template as YAML text, tags kept.</summary>
    public string Render()
    {
        var writer = new StringWriter { NewLine = "\n" };
        _stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends each document with "...": valid YAML, but noise in a CloudFormation template.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>SHA-256 of the rendered template: the same packaged template always has the same hash.</summary>
    public static string Hash(string rendered) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rendered)));

    public static YamlMappingNode? Mapping(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node as YamlMappingNode : null;

    /// <summary>A plain (untagged) scalar value; an intrinsic such as <c>!Ref X</c> is not a literal and yields null.</summary>
    public static string? Scalar(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Tag.IsEmpty: true } scalar ? scalar.Value : null;
}
