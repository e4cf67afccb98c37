namespace Deployer.Tests.Support;

/// <summary>A workflow command as the GitHub runner reads it from one line of a step's output.</summary>
public sealed record RunnerCommand(string Name, IReadOnlyDictionary<string, string> Properties, string Data);

/// <summary>
/// Reads output the way the GitHub runner does (actions/runner: ProcessInvoker reads lines with TextReader.ReadLine, so
/// CR, LF and CRLF all end a line; ActionCommand.TryParseV2 trims leading white space, wants <c>::name props::data</c>,
/// splits properties on <c>,</c> and <c>=</c>, then unescapes properties and data).
/// </summary>
public static class RunnerCommandReader
{
    /// <summary>The lines of <paramref name="output"/> as the runner splits them.</summary>
    public static IReadOnlyList<string> Lines(string output)
    {
        var lines = new List<string>();
        using var reader = new StringReader(output);
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    /// <summary>Every line the runner would take for a command (any name, so an injected one is caught too).</summary>
    public static IReadOnlyList<RunnerCommand> Commands(string output) =>
        Lines(output).Select(Parse).OfType<RunnerCommand>().ToList();

    public static RunnerCommand? Parse(string line)
    {
        var message = line.TrimStart();
        if (!message.StartsWith("::", StringComparison.Ordinal)) return null;
        var end = message.IndexOf("::", 2, StringComparison.Ordinal);
        if (end < 0) return null;
        var info = message[2..end];
        var space = info.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? info : info[..space];
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (space > 0)
            foreach (var pair in info[(space + 1)..].Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (pair.Split('=', 2, StringSplitOptions.RemoveEmptyEntries) is [var key, var value])
                    properties[key] = UnescapeProperty(value);
        return new RunnerCommand(name, properties, UnescapeData(message[(end + 2)..]));
    }

    // The runner's order: each escape is replaced in turn, %25 last.
    private static string UnescapeData(string text) =>
        text.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);

    private static string UnescapeProperty(string text) =>
        text.Replace("%0D", "\r", StringComparison.Ordinal).Replace("%0A", "\n", StringComparison.Ordinal)
            .Replace("%3A", ":", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal)
            .Replace("%25", "%", StringComparison.Ordinal);
}
