using YamlDotNet.RepresentationModel;

namespace Deployer.Tests.Support.Actions;

/// <summary>The repository's GitHub Actions files as YAML trees, with small accessors for the checks and the runner.</summary>
public static class ActionFile
{
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>actions/&lt;name&gt;/action.yml, by action name.</summary>
    public static IReadOnlyDictionary<string, string> Actions() =>
        Directory.GetDirectories(Repository.PathOf("actions"))
            .Where(d => File.Exists(Path.Combine(d, "action.yml")))
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToDictionary(d => Path.GetFileName(d), d => Path.Combine(d, "action.yml"));

    /// <summary>.github/workflows/*.yml.</summary>
    public static IReadOnlyList<string> Workflows() =>
        Directory.GetFiles(Repository.PathOf(".github", "workflows"), "*.yml").Order(StringComparer.Ordinal).ToArray();

    public static string Relative(string path) => Path.GetRelativePath(Repository.Root, path);

    public static YamlMappingNode? Map(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlMappingNode : null;

    public static YamlSequenceNode? Sequence(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlSequenceNode : null;

    public static string? Scalar(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    public static bool Has(this YamlMappingNode node, string key) => node.Children.ContainsKey(new YamlScalarNode(key));

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlMappingNode? node) =>
        node is null ? [] : node.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value));

    /// <summary>Where a node starts, for messages: file:line.</summary>
    public static string Place(string file, YamlNode node) => $"{Relative(file)}:{node.Start.Line}";
}
