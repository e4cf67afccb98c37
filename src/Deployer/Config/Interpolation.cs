using System.Text;

namespace Deployer.Config;

/// <summary>
/// <c>${VAR}</c> and <c>${VAR:-default}</c> in scalar values, from an injected environment; <c>$$</c> is a literal <c>$</c>.
/// </summary>
public static class Interpolation
{
    /// <summary>Expands every reference; unset variables without a default are reported, not guessed.</summary>
    public static string Expand(string value, Func<string, string?> lookup, ICollection<string> missing)
    {
        if (!value.Contains('$')) return value;
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '$' || i + 1 >= value.Length) { result.Append(c); continue; }
            if (value[i + 1] == '$') { result.Append('$'); i++; continue; }
            if (value[i + 1] != '{') { result.Append(c); continue; }
            var close = value.IndexOf('}', i + 2);
            if (close < 0) { result.Append(value, i, value.Length - i); break; }
            var body = value[(i + 2)..close];
            var separator = body.IndexOf(":-", StringComparison.Ordinal);
            var name = separator >= 0 ? body[..separator] : body;
            var fallback = separator >= 0 ? body[(separator + 2)..] : null;
            var found = lookup(name);
            if (string.IsNullOrEmpty(found))
            {
                if (fallback is null) missing.Add(name);
                found = fallback ?? "";
            }
            result.Append(found);
            i = close;
        }
        return result.ToString();
    }
}
