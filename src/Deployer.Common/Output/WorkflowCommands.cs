using System.Text.RegularExpressions;

namespace Deployer.Output;

/// <summary>
/// GitHub Actions workflow commands (<c>::name prop=value::data</c>), escaped exactly as the runner unescapes them, so no
/// text inside one (a file name, an error message, a secret) can end the command early or start a new line the runner
/// would read as another command such as <c>::add-mask::</c> or <c>::error::</c>.
/// </summary>
/// <remarks>
/// The runner (actions/runner, <c>ActionCommand</c>) reads a command from one line, where a bare CR ends a line too. It
/// unescapes data <c>%0D</c>, <c>%0A</c>, <c>%25</c>; property values also <c>%3A</c> and <c>%2C</c>.
/// </remarks>
public static partial class WorkflowCommands
{
    public const string EndGroup = "::endgroup::";

    /// <summary>
    /// One <c>::add-mask::</c> per line of each value. The runner masks each line of output on its own and does not split
    /// a mask on newlines, so a multi-line secret masked whole would show its lines unmasked.
    /// </summary>
    public static IEnumerable<string> AddMask(IEnumerable<string> values) =>
        values.Where(v => v.Length > 0).Distinct()
            .SelectMany(v => v.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct()
            .Select(line => $"::add-mask::{EscapeData(line)}");

    /// <summary>An error annotation, pointing at a file and line when known.</summary>
    public static string Error(string message, string? file = null, int line = 0) => Annotation("error", message, file, line);

    /// <summary>A warning annotation, pointing at a file and line when known.</summary>
    public static string Warning(string message, string? file = null, int line = 0) => Annotation("warning", message, file, line);

    /// <summary>Starts a foldable group in the log; <see cref="EndGroup"/> closes it.</summary>
    public static string Group(string title) => $"::group::{EscapeData(title)}";

    /// <summary>Escapes the data part (after the second <c>::</c>).</summary>
    public static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a property value, where <c>:</c> would end the properties and <c>,</c> start the next one.</summary>
    public static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>
    /// Plain text made safe to print under Actions: a line that starts (after white space) with <c>::</c> gets a zero-width
    /// space between the colons, and so does the legacy <c>##[</c> marker the runner looks for anywhere in a line. Use it
    /// for text from outside (error messages, service events, user input) that may hold several lines.
    /// </summary>
    public static string Inert(string text) =>
        LineStartCommand().Replace(text, "$1:\u200B:").Replace("##[", "#\u200B#[", StringComparison.Ordinal);

    // A runner line ends at CR or LF; white space other than those is trimmed before "::" is looked for.
    [GeneratedRegex(@"((?:^|[\r\n])[^\S\r\n]*)::")]
    private static partial Regex LineStartCommand();

    private static string Annotation(string kind, string message, string? file, int line) =>
        file is null
            ? $"::{kind}::{EscapeData(message)}"
            : $"::{kind} file={EscapeProperty(file)},line={line}::{EscapeData(message)}";
}
