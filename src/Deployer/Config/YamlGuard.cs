using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Deployer.Config;

/// <summary>
/// A first pass over the YAML events, before any node tree is built: what would crash, hang or exhaust memory when
/// loading or binding (deep nesting, aliases that expand exponentially or contain themselves, undefined aliases) and
/// what YAML allows but a description must not use (custom tags such as CloudFormation's <c>!Ref</c>), each at its line.
/// </summary>
internal static class YamlGuard
{
    /// <summary>Deeper than any description needs; the node tree is built recursively.</summary>
    public const int MaxDepth = 64;

    /// <summary>Nodes after every alias is expanded; a description has a few hundred.</summary>
    public const int MaxExpandedNodes = 100_000;

    private const string StandardTagPrefix = "tag:yaml.org,2002:";

    public static ConfigError? Check(string file, string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Start)>();
        long expanded = 0;
        ConfigError At(ParsingEvent e, string message) => new(file, (int)e.Start.Line, (int)e.Start.Column, "", message);

        while (parser.MoveNext())
        {
            var e = parser.Current!;
            if (e is NodeEvent { Tag: { IsEmpty: false } tag } && !tag.IsNonSpecific && !tag.Value.StartsWith(StandardTagPrefix, StringComparison.Ordinal))
                return At(e, $"the tag '{ConfigText.Escape(tag.Value)}' is not supported (a deploy description is plain YAML, not a CloudFormation template)");
            switch (e)
            {
                case AnchorAlias alias:
                    if (!anchors.TryGetValue(alias.Value.Value, out var size))
                        return At(e, open.Any(o => o.Anchor == alias.Value.Value)
                            ? $"the alias '*{ConfigText.Escape(alias.Value.Value)}' refers to the node that contains it"
                            : $"the alias '*{ConfigText.Escape(alias.Value.Value)}' refers to no anchor defined before it");
                    expanded += size;
                    break;
                case Scalar scalar:
                    expanded++;
                    if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = 1;
                    break;
                case MappingStart or SequenceStart:
                    expanded++;
                    var anchor = ((NodeEvent)e).Anchor;
                    open.Push((anchor.IsEmpty ? null : anchor.Value, expanded));
                    if (open.Count > MaxDepth) return At(e, $"the description nests deeper than {MaxDepth} levels");
                    break;
                case MappingEnd or SequenceEnd:
                    var (name, start) = open.Pop();
                    if (name is not null) anchors[name] = expanded - start + 1;
                    break;
            }
            if (expanded > MaxExpandedNodes)
                return At(e, $"the description expands to more than {MaxExpandedNodes} values (counting what its aliases repeat); a deploy description has a few hundred");
        }
        return null;
    }
}
