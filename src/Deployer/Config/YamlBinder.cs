using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Deployer.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deployer.Config;

/// <summary>
/// Binds a YAML node tree to the immutable config records by their shape (<see cref="ConfigShape"/>), collecting every
/// mistake with its line instead of stopping at the first, and remembering where each config path was written.
/// </summary>
internal sealed class YamlBinder(string file, Func<string, string?> environment, DescriptionSections sections)
{
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<string, Mark> _locations = new(StringComparer.Ordinal);

    public IReadOnlyList<ConfigError> Errors => _errors;
    public IReadOnlyDictionary<string, Mark> Locations => _locations;

    public T? Bind<T>(YamlNode root) where T : class => Bind(root, typeof(T), "") as T;

    public void Report(string path, string message)
    {
        var mark = LocationOf(path);
        _errors.Add(new ConfigError(file, (int)(mark?.Line ?? 0), (int)(mark?.Column ?? 0), path, message));
    }

    /// <summary>Where a path (or its closest written ancestor) stands in the file.</summary>
    public Mark? LocationOf(string path)
    {
        for (var current = path; ; current = ConfigPath.Parent(current))
        {
            if (_locations.TryGetValue(current, out var mark)) return mark;
            if (current.Length == 0) return null;
        }
    }

    private object? Bind(YamlNode node, Type type, string path)
    {
        _locations.TryAdd(path, node.Start);
        var shape = ConfigShape.Of(type);
        if (IsNull(node))
            return null;
        return shape.Kind switch
        {
            ShapeKind.Record => BindRecord(node, shape, path),
            ShapeKind.List => BindList(node, shape, path),
            ShapeKind.Map => BindMap(node, shape, path),
            _ => BindScalar(node, shape, path),
        };
    }

    private object? BindRecord(YamlNode node, ConfigShape shape, string path)
    {
        if (node is YamlScalarNode && shape.Type == typeof(SecretRef))
        {
            // A value written where a secret reference belongs is most likely the secret itself: never echo it.
            Report(path, "expected a secret reference ({ env: NAME }, { secretsManager: ID } or { ssm: NAME }), got a plain value (not shown: " +
                         "it may be the secret itself; remove it from the file and rotate it if it was committed)");
            return null;
        }
        if (node is not YamlMappingNode mapping) return Mismatch(node, path, "a mapping");
        var instance = Activator.CreateInstance(shape.Type)!;
        var members = sections.MembersOf(shape);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (KeyOf(keyNode, path) is not { } key) continue;
            var childPath = ConfigPath.Key(path, key);
            var member = members.FirstOrDefault(m => m.Key == key);
            if (member is null)
            {
                _locations.TryAdd(childPath, keyNode.Start);
                var known = members.Select(m => m.Key);
                Report(childPath, $"unknown key '{key}'{Suggestion.DidYouMean(key, known)}");
                continue;
            }
            seen.Add(key);
            var value = Bind(valueNode, member.Type, childPath);
            _locations[childPath] = keyNode.Start;
            if (value is null && member.Required && IsNull(valueNode))
                Report(childPath, $"'{key}' is required and cannot be empty");
            else if (value is not null || IsNull(valueNode))
                member.Set(instance, value);
        }
        foreach (var missing in shape.Members.Where(m => m.Required && !seen.Contains(m.Key)))
            Report(path, $"missing required key '{missing.Key}'");
        if (instance is IValidated validated && seen.Count > 0)
            foreach (var issue in validated.Validate())
                Report(issue.Path.Length == 0 ? path : ConfigPath.Key(path, issue.Path), issue.Message);
        return instance;
    }

    private object? BindList(YamlNode node, ConfigShape shape, string path)
    {
        if (node is not YamlSequenceNode sequence) return Mismatch(node, path, "a list");
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(shape.Element!))!;
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var value = Bind(item, shape.Element!, ConfigPath.Index(path, index++));
            // An item that failed to bind has been reported already; only an empty one is reported here.
            if (value is null && IsNull(item)) Report(ConfigPath.Index(path, index - 1), "list items cannot be empty");
            else if (value is not null) list.Add(value);
        }
        return list;
    }

    private object? BindMap(YamlNode node, ConfigShape shape, string path)
    {
        if (node is not YamlMappingNode mapping) return Mismatch(node, path, "a mapping");
        var map = (System.Collections.IDictionary)Activator.CreateInstance(
            typeof(Dictionary<,>).MakeGenericType(typeof(string), shape.Element!), StringComparer.Ordinal)!;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (KeyOf(keyNode, path) is not { } key) continue;
            var childPath = ConfigPath.Key(path, key);
            var value = Bind(valueNode, shape.Element!, childPath);
            _locations[childPath] = keyNode.Start;
            if (value is null) Report(childPath, $"'{key}' needs a value");
            else map[key] = value;
        }
        return map;
    }

    private object? BindScalar(YamlNode node, ConfigShape shape, string path)
    {
        if (node is not YamlScalarNode scalar) return Mismatch(node, path, shape.Describe());
        if (ConfigText.FirstUnsafe(scalar.Value ?? "") is { } unsafeChar)
        {
            Report(path, $"the value holds the control character {unsafeChar}; descriptions hold printable text only");
            return null;
        }
        var missing = new List<string>();
        var problems = new List<string>();
        var text = Interpolation.Expand(scalar.Value ?? "", environment, missing, problems);
        foreach (var name in missing)
            Report(path, $"environment variable '{name}' is not set (write ${{{name}:-default}} to give a default)");
        foreach (var problem in problems) Report(path, problem);
        if (missing.Count + problems.Count > 0) return null;
        // A variable's value is text too: it must not smuggle control characters past the check above.
        if (ConfigText.FirstUnsafe(text) is { } unsafeExpanded)
        {
            Report(path, $"the value after interpolation holds the control character {unsafeExpanded}");
            return null;
        }

        var type = shape.Type;
        if (type == typeof(string)) return text;
        if (type == typeof(bool))
            return text switch { "true" => true, "false" => false, _ => Invalid(path, text, "true or false") };
        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : Invalid(path, text, "a whole number");
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : Invalid(path, text, "a number");
        if (type.IsEnum)
        {
            var names = ConfigShape.EnumNames(type);
            var match = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            return match is not null
                ? Enum.Parse(type, match, ignoreCase: true)
                : Invalid(path, text, "one of " + string.Join(", ", names) + Suggestion.DidYouMean(text, names));
        }
        throw new NotSupportedException($"Config type {type} has no scalar binding.");
    }

    /// <summary>A mapping key as text, or null after reporting a key that is not plain text (a complex key, a control character).</summary>
    private string? KeyOf(YamlNode keyNode, string path)
    {
        if (keyNode is not YamlScalarNode { Value: var value })
        {
            _errors.Add(new ConfigError(file, (int)keyNode.Start.Line, (int)keyNode.Start.Column, path,
                $"a key must be a plain name, not {(keyNode is YamlMappingNode ? "a mapping" : "a list")} ('? ' complex keys are not supported)"));
            return null;
        }
        if (ConfigText.FirstUnsafe(value ?? "") is { } unsafeChar)
        {
            _errors.Add(new ConfigError(file, (int)keyNode.Start.Line, (int)keyNode.Start.Column, path,
                $"the key '{value}' holds the control character {unsafeChar}; keys are printable names"));
            return null;
        }
        return value ?? "";
    }

    private object? Invalid(string path, string text, string expected)
    {
        Report(path, $"'{text}' is not valid here: expected {expected}");
        return null;
    }

    private object? Mismatch(YamlNode node, string path, string expected)
    {
        var actual = node switch { YamlMappingNode => "a mapping", YamlSequenceNode => "a list", _ => $"'{((YamlScalarNode)node).Value}'" };
        Report(path, $"expected {expected}, got {actual}");
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };
}

/// <summary>Builds and splits config paths like <c>environments.production.services[1].image</c>.</summary>
public static class ConfigPath
{
    public static string Key(string parent, string key)
    {
        var simple = key.Length > 0 && key.All(c => char.IsLetterOrDigit(c) || c is '_' or '-');
        var segment = simple ? key : $"[\"{key}\"]";
        return parent.Length == 0 ? segment : simple ? $"{parent}.{segment}" : parent + segment;
    }

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    public static string Parent(string path)
    {
        if (path.EndsWith(']'))
        {
            var open = path.LastIndexOf('[');
            return open < 0 ? "" : path[..open];
        }
        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[..dot];
    }
}
