using System.Globalization;

namespace Deployer.Providers.Images;

/// <summary>
/// What a scan step enforces, taken from the environment's <c>scan</c> section when the release was planned: the most
/// findings allowed per severity (null: no limit) and the findings accepted with their reason and last day.
/// </summary>
public sealed record ScanPolicy(int? MaxCritical, int? MaxHigh, int? MaxMedium, TimeSpan Timeout, IReadOnlyList<AllowedFinding> Allowed)
{
    /// <summary>Severities the thresholds apply to, worst first, with their maxima.</summary>
    public IEnumerable<(string Severity, int? Max)> Maxima => [("CRITICAL", MaxCritical), ("HIGH", MaxHigh), ("MEDIUM", MaxMedium)];

    public static ScanPolicy From(ScanSpec spec) => new(spec.MaxCritical, spec.MaxHigh, spec.MaxMedium, TimeSpan.FromSeconds(spec.TimeoutSeconds),
        [.. spec.Allow.Select(a => new AllowedFinding(a.Id, a.Reason, DateOnly.ParseExact(a.Expires, "yyyy-MM-dd", CultureInfo.InvariantCulture)))]);

    /// <summary>The threshold in words, as the dry run prints it: "more than 0 CRITICAL or 5 HIGH fails; MEDIUM not limited".</summary>
    public string Threshold
    {
        get
        {
            var limited = Maxima.Where(m => m.Max is not null).Select(m => $"{m.Max} {m.Severity}").ToArray();
            var free = Maxima.Where(m => m.Max is null).Select(m => m.Severity).ToArray();
            var text = limited.Length == 0 ? "no severity is limited" : $"more than {string.Join(" or ", limited)} fails the release";
            return free.Length == 0 || limited.Length == 0 ? text : $"{text}; {string.Join(", ", free)} not limited";
        }
    }
}

/// <summary>An allow-listed finding id, valid through <see cref="Expires"/>.</summary>
public sealed record AllowedFinding(string Id, string Reason, DateOnly Expires);
