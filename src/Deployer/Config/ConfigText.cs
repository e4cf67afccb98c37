using System.Globalization;
using System.Text;

namespace Deployer.Config;

/// <summary>
/// Keeps text from a description harmless on a terminal: control characters (NUL, ANSI escapes) and bidirectional
/// overrides are printed as <c>\u001B</c>-style escapes, never raw, so a value cannot rewrite or hide what is shown.
/// </summary>
public static class ConfigText
{
    /// <summary>Characters a value may not hold: C0 controls other than tab and line breaks, DEL, C1 controls, bidi controls.</summary>
    public static bool IsUnsafe(char c) =>
        (c < ' ' && c is not ('\t' or '\n' or '\r')) || (c >= '\u007F' && c <= '\u009F') || IsBidiControl(c);

    /// <summary>The first unsafe character of <paramref name="value"/>, escaped, or null.</summary>
    public static string? FirstUnsafe(string value)
    {
        foreach (var c in value)
            if (IsUnsafe(c)) return EscapeChar(c);
        return null;
    }

    /// <summary><paramref name="value"/> with every unsafe character and line break escaped.</summary>
    public static string Escape(string value)
    {
        if (!value.Any(c => IsUnsafe(c) || c is '\n' or '\r')) return value;
        var result = new StringBuilder(value.Length + 8);
        foreach (var c in value)
            result.Append(c switch { '\n' => "\\n", '\r' => "\\r", _ when IsUnsafe(c) => EscapeChar(c), _ => c.ToString() });
        return result.ToString();
    }

    private static string EscapeChar(char c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
