using System.Text.Json;
using System.Text.RegularExpressions;

namespace Deployer.Providers.Migrations;

/// <summary>A migration in the project: its id (<c>20240101120000_AddOrders</c>) and its name (<c>AddOrders</c>).</summary>
public sealed record EfCoreMigration(string Id, string Name);

/// <summary>
/// Reads what dotnet ef and migration bundles print with <c>--prefix-output</c>: every line is tagged <c>info:</c>,
/// <c>data:</c>, <c>warn:</c>, <c>error:</c> or <c>verbose:</c> and padded to nine characters, so results (JSON, SQL) are
/// told apart from build and log output without guessing where the JSON starts.
/// </summary>
internal static partial class EfCoreOutput
{
    private const int PrefixWidth = 9;

    /// <summary>Each line's tag (empty for untagged lines, e.g. from the dotnet host) and its text.</summary>
    public static IEnumerable<(string Level, string Text)> Lines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Select(line => Tag().Match(line) is { Success: true } tag
            ? (tag.Groups[1].Value, line.Length > PrefixWidth ? line[PrefixWidth..] : "")
            : ("", line));

    /// <summary>The result the command printed (the <c>data:</c> lines).</summary>
    public static string Data(string output) =>
        string.Join('\n', Lines(output).Where(l => l.Level == "data").Select(l => l.Text)).Trim('\n');

    /// <summary>The migrations from <c>dotnet ef migrations list --json</c>, oldest first.</summary>
    public static IReadOnlyList<EfCoreMigration> Migrations(string output)
    {
        var json = Data(output);
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray()
                .Select(m => new EfCoreMigration(m.GetProperty("id").GetString()!, m.GetProperty("name").GetString()!)).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new MigrationException($"dotnet ef migrations list printed no migration list ({e.Message.Split('\n')[0]}): {Tail(output)}");
        }
    }

    /// <summary>The migration the tool was applying when it stopped: the last one it announced.</summary>
    public static string? LastApplying(string output) => Applying().Matches(output).LastOrDefault()?.Groups[1].Value;

    /// <summary>
    /// Why the command failed: the last block of <c>error:</c> lines (EF Core ends with the exception's message there,
    /// after the SQL that raised it), or the last lines of output when there is none.
    /// </summary>
    public static string ErrorText(string output)
    {
        var lines = Lines(output).ToList();
        var last = lines.FindLastIndex(l => l.Level == "error" && l.Text.Trim().Length > 0);
        if (last < 0) return Tail(output);
        var first = last;
        while (first > 0 && lines[first - 1].Level == "error") first--;
        return string.Join(" | ", lines[first..(last + 1)].Select(l => l.Text.Trim()).Where(t => t.Length > 0).Take(3));
    }

    /// <summary>A line as the log shows it: routine <c>info:</c> lines without their tag, everything else as printed.</summary>
    public static string Echo(string line) => line.StartsWith("info:", StringComparison.Ordinal) && line.Length > PrefixWidth ? line[PrefixWidth..] : line;

    /// <summary>The compiler's errors from <c>dotnet build</c> output, each once.</summary>
    public static string BuildErrors(string output)
    {
        var errors = output.Split('\n').Select(l => l.Trim()).Where(l => BuildError().IsMatch(l)).Distinct().Take(5).ToList();
        return errors.Count > 0 ? string.Join(" | ", errors) : Tail(output);
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(3).ToList();
        return lines.Count > 0 ? string.Join(" | ", lines) : "no output";
    }

    [GeneratedRegex(@"^(info|data|warn|error|verbose):")]
    private static partial Regex Tag();
    [GeneratedRegex(@"Applying migration '([^']+)'")]
    private static partial Regex Applying();
    [GeneratedRegex(@": error [A-Z]+\d+:")]
    private static partial Regex BuildError();
}
