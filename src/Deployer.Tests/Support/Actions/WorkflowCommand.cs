namespace Deployer.Tests.Support.Actions;

/// <summary>
/// A workflow command line (<c>::name key=value,…::data</c>) read as the runner reads it: leading whitespace is
/// ignored, and data and property values are unescaped (<c>%25 %0D %0A</c>, properties also <c>%3A %2C</c>).
/// </summary>
public sealed record WorkflowCommand(string Name, IReadOnlyDictionary<string, string> Properties, string Data)
{
    private const string Key = "::";

    /// <summary>The command on <paramref name="line"/>, or null when the runner would print the line as it is.</summary>
    public static WorkflowCommand? Parse(string line)
    {
        var text = line.TrimStart();
        if (!text.StartsWith(Key, StringComparison.Ordinal)) return null;
        var end = text.IndexOf(Key, Key.Length, StringComparison.Ordinal);
        if (end < 0) return null;
        var info = text[Key.Length..end];
        var space = info.IndexOf(' ');
        var name = space < 0 ? info : info[..space];
        if (name.Length == 0) return null;
        var properties = new Dictionary<string, string>();
        if (space >= 0)
        {
            foreach (var pair in info[(space + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                if (equals > 0) properties[pair[..equals]] = UnescapeProperty(pair[(equals + 1)..]);
            }
        }
        return new WorkflowCommand(name, properties, UnescapeData(text[(end + Key.Length)..]));
    }

    private static string UnescapeData(string value) =>
        value.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);

    private static string UnescapeProperty(string value) =>
        UnescapeData(value.Replace("%3A", ":", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal));
}
