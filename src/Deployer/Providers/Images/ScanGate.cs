using Deployer.Aws.Ecr;

namespace Deployer.Providers.Images;

/// <summary>The gate's verdict on a finished scan: counts per severity without the allow-listed findings, and what broke.</summary>
/// <param name="Breaches">Each severity over its maximum, as "2 CRITICAL (max 0)"; empty when the image passes.</param>
/// <param name="Worst">The counted findings, worst severity first.</param>
/// <param name="Allowed">Allow-listed findings that were present (and not counted).</param>
public sealed record ScanVerdict(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Breaches, IReadOnlyList<EcrFinding> Worst,
    IReadOnlyList<EcrFinding> Allowed)
{
    public bool Passed => Breaches.Count == 0;

    public int Count(string severity) => Counts.GetValueOrDefault(severity);
}

/// <summary>Judges scan findings against a <see cref="ScanPolicy"/>. Pure.</summary>
public static class ScanGate
{
    /// <summary>Severities, worst first; enhanced scanning adds UNTRIAGED.</summary>
    public static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNTRIAGED", "UNDEFINED"];

    public static ScanVerdict Judge(IReadOnlyList<EcrFinding> findings, ScanPolicy policy)
    {
        var allowedIds = policy.Allowed.Select(a => a.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var allowed = findings.Where(f => allowedIds.Contains(f.Id)).ToArray();
        var counted = findings.Where(f => !allowedIds.Contains(f.Id)).OrderBy(f => Rank(f.Severity)).ThenBy(f => f.Id, StringComparer.Ordinal).ToArray();
        var counts = counted.GroupBy(f => f.Severity.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var breaches = policy.Maxima
            .Where(m => m.Max is { } max && counts.GetValueOrDefault(m.Severity) > max)
            .Select(m => $"{counts[m.Severity]} {m.Severity} (max {m.Max})")
            .ToArray();
        return new ScanVerdict(counts, breaches, counted, allowed);
    }

    /// <summary>The failure on one screen: what broke, then the worst findings (id, severity, package, fixed version).</summary>
    public static string Explain(ScanVerdict verdict, int lines = 15)
    {
        var shown = verdict.Worst.Take(lines).Select(f =>
            $"  {f.Severity,-13} {f.Id,-20} {(f.Package is null ? "(package unknown)" : $"{f.Package} {f.Version}".TrimEnd())}  " +
            (f.FixedIn is null ? "no fixed version reported" : $"fixed in {f.FixedIn}"));
        var more = verdict.Worst.Count > lines ? [$"  … and {verdict.Worst.Count - lines} more"] : Array.Empty<string>();
        var allowed = verdict.Allowed.Count > 0
            ? [$"  allow-listed, not counted: {string.Join(", ", verdict.Allowed.Select(f => f.Id).Distinct(StringComparer.Ordinal))}"]
            : Array.Empty<string>();
        return string.Join('\n', [$"over the threshold: {string.Join(", ", verdict.Breaches)}", .. shown, .. more, .. allowed]);
    }

    private static int Rank(string severity) => Array.IndexOf(Severities, severity.ToUpperInvariant()) is var i and >= 0 ? i : Severities.Length;
}
