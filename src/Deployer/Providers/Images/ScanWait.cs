using Deployer.Aws.Ecr;

namespace Deployer.Providers.Images;

/// <summary>What the scan loop does next.</summary>
public enum ScanAction { StartScan, Wait, Judge, Fail }

/// <summary>A decision of <see cref="ScanWait.Decide"/>; <see cref="Reason"/> says why the scan cannot be judged when failing.</summary>
public sealed record ScanDecision(ScanAction Action, string? Reason = null);

/// <summary>
/// Reads one DescribeImageScanFindings answer: start a scan when none exists, wait while it runs, judge it once complete
/// (ACTIVE for enhanced scanning), fail when ECR cannot scan the image or the timeout passed. Pure.
/// </summary>
public static class ScanWait
{
    /// <param name="scan">The answer; null when the image has no scan (ScanNotFoundException).</param>
    /// <param name="started">Whether this run already asked for a scan.</param>
    /// <param name="timedOut">Whether the step's timeout has passed.</param>
    public static ScanDecision Decide(EcrScanFindings? scan, bool started, bool timedOut) => scan?.Status switch
    {
        null when !started => new(ScanAction.StartScan),
        "COMPLETE" or "ACTIVE" => new(ScanAction.Judge),
        null or "IN_PROGRESS" or "PENDING" when timedOut => new(ScanAction.Fail, "the scan did not finish before the timeout"),
        null or "IN_PROGRESS" or "PENDING" => new(ScanAction.Wait),
        var status => new(ScanAction.Fail, $"ECR reports the scan {status}{(scan.Description is { Length: > 0 } d ? $": {d}" : "")}"),
    };
}
