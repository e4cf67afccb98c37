using System.Globalization;
using Deployer.Config;

namespace Deployer.Providers.Images;

/// <summary>The rules of a <c>scan</c> section; an allow-list entry past its last day fails validation, so nobody forgets it.</summary>
internal static class ScanRules
{
    public static void Check(ScanSpec scan, string path, DescriptionCheck check)
    {
        foreach (var (name, max) in new[] { ("maxCritical", scan.MaxCritical), ("maxHigh", scan.MaxHigh), ("maxMedium", scan.MaxMedium) })
            if (max is < 0) check.Report($"{path}.{name}", $"{max} is negative: use 0 to refuse any finding of that severity");
        if (scan.TimeoutSeconds is < 1 or > 3600) check.Report($"{path}.timeoutSeconds", $"{scan.TimeoutSeconds} is not between 1 and 3600 seconds");
        check.Duplicates(scan.Allow.Select(a => a.Id), $"{path}.allow", "finding");
        for (var i = 0; i < scan.Allow.Count; i++)
        {
            var entry = scan.Allow[i];
            var at = ConfigPath.Index($"{path}.allow", i);
            if (string.IsNullOrWhiteSpace(entry.Id)) check.Report($"{at}.id", "the finding id is empty");
            if (string.IsNullOrWhiteSpace(entry.Reason)) check.Report($"{at}.reason", "say why the finding is accepted");
            if (!DateOnly.TryParseExact(entry.Expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
                check.Report($"{at}.expires", $"'{entry.Expires}' is not a date (YYYY-MM-DD)");
            else if (expires < check.Today)
                check.Report($"{at}.expires",
                    $"the allow-list entry for {entry.Id} expired on {expires:yyyy-MM-dd}: fix the finding, or review it and set a new date");
        }
    }
}
