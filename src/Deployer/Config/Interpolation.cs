using System.Text;

namespace Deployer.Config;

/// <summary>
/// <c>${VAR}</c> and <c>${VAR:-default}</c> in scalar values, from an injected environment; <c>$$</c> is a literal <c>$</c>.
/// A default may itself hold references (<c>${A:-${B:-x}}</c>).
/// </summary>
public static class Interpolation
{
    /// <summary>
    /// Expands every reference; unset variables without a default are reported in <paramref name="missing"/>, and
    /// references that cannot be read (unterminated, not a variable name) in <paramref name="problems"/>, never guessed.
    /// </summary>
    public static string Expand(string value, Func<string, string?> lookup, ICollection<string> missing, ICollection<string>? problems = null)
    {
        if (!value.Contains('$')) return value;
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '$' || i + 1 >= value.Length) { result.Append(c); continue; }
            if (value[i + 1] == '$') { result.Append('$'); i++; continue; }
            if (value[i + 1] != '{') { result.Append(c); continue; }
            var close = ClosingBrace(value, i + 2);
            if (close < 0)
            {
                problems?.Add($"'{Shorten(value[i..])}' is never closed with '}}' (write $$ for a literal $)");
                result.Append(value, i, value.Length - i);
                break;
            }
            var body = value[(i + 2)..close];
            var separator = body.IndexOf(":-", StringComparison.Ordinal);
            var name = separator >= 0 ? body[..separator] : body;
            if (!IsName(name))
            {
                problems?.Add($"'${{{Shorten(body)}}}' is not a variable reference: a name is letters, digits and '_' (write $$ for a literal $)");
                i = close;
                continue;
            }
            var found = lookup(name);
            if (string.IsNullOrEmpty(found))
            {
                if (separator < 0) missing.Add(name);
                found = separator >= 0 ? Expand(body[(separator + 2)..], lookup, missing, problems) : "";
            }
            result.Append(found);
            i = close;
        }
        return result.ToString();
    }

    /// <summary>The '}' that closes the reference whose body starts at <paramref name="start"/>, counting nested <c>${</c>.</summary>
    private static int ClosingBrace(string value, int start)
    {
        var depth = 0;
        for (var j = start; j < value.Length; j++)
        {
            if (value[j] == '$' && j + 1 < value.Length && value[j + 1] == '{') { depth++; j++; }
            else if (value[j] == '}' && depth-- == 0) return j;
        }
        return -1;
    }

    private static bool IsName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
