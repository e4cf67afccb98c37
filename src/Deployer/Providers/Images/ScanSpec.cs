using System.ComponentModel;

namespace Deployer.Providers.Images;

/// <summary>
/// The scan gate of an environment: after each image is pushed (or promoted) and before anything deploys, the ECR scan
/// of its digest must finish with no more findings per severity than these maxima, allow-listed ids aside.
/// </summary>
public sealed record ScanSpec
{
    [Description("Most CRITICAL findings an image may have (0: any CRITICAL finding stops the release).")]
    public int? MaxCritical { get; init; } = 0;

    [Description("Most HIGH findings an image may have; no limit when omitted.")]
    public int? MaxHigh { get; init; }

    [Description("Most MEDIUM findings an image may have; no limit when omitted.")]
    public int? MaxMedium { get; init; }

    [Description("How long to wait for the scan to finish before the release fails.")]
    public int TimeoutSeconds { get; init; } = 600;

    [Description("Findings accepted for now, each with a reason and an expiry date.")]
    public IReadOnlyList<ScanAllowSpec> Allow { get; init; } = [];
}

/// <summary>A finding the team accepted: it does not count against the thresholds until it expires.</summary>
public sealed record ScanAllowSpec
{
    [Description("The finding's id as ECR names it (CVE-2024-1234, GHSA-…).")]
    public required string Id { get; init; }

    [Description("Why it is accepted (not exploitable here, no fix yet …).")]
    public required string Reason { get; init; }

    [Description("Last day the entry holds, YYYY-MM-DD; after it, the description no longer validates.")]
    public required string Expires { get; init; }
}
