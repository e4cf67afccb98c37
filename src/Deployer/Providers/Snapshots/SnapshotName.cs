using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Deployer.Providers.Snapshots;

/// <summary>
/// The identifier of a pre-migration snapshot: <c>&lt;app&gt;-&lt;environment&gt;-&lt;instance&gt;-&lt;UTC yyyyMMdd-HHmmss&gt;</c>,
/// made valid for RDS (1–255 letters, digits and hyphens, a letter first, no double or trailing hyphen). Pure.
/// </summary>
public static partial class SnapshotName
{
    private const int MaximumLength = 255;

    public static string For(string app, string environment, string instance, DateTimeOffset at)
    {
        var stamp = at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var stem = Sanitize($"{app}-{environment}-{instance}");
        if (stem.Length == 0 || !char.IsAsciiLetter(stem[0])) stem = "db-" + stem;
        // The timestamp is what makes the name unique, so it is the stem that gives way.
        var room = MaximumLength - stamp.Length - 1;
        if (stem.Length > room) stem = stem[..room].TrimEnd('-');
        return $"{stem.TrimEnd('-')}-{stamp}";
    }

    /// <summary>Whether RDS accepts <paramref name="identifier"/> as a DB snapshot identifier.</summary>
    public static bool IsValid(string identifier) => identifier.Length <= MaximumLength && Valid().IsMatch(identifier);

    private static string Sanitize(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var keep = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (keep == '-' && (result.Length == 0 || result[^1] == '-')) continue;
            result.Append(keep);
        }
        return result.ToString().TrimEnd('-');
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$")] private static partial Regex Valid();
}
