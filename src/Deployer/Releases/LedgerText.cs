using Deployer.Planning;

namespace Deployer.Releases;

/// <summary>The words both ledgers use: GitHub's state names, the deployment task, and the descriptions people read.</summary>
public static class LedgerText
{
    /// <summary>GitHub's state name: in_progress, success, failure, inactive.</summary>
    public static string State(ReleaseStatus status) => status switch
    {
        ReleaseStatus.InProgress => "in_progress",
        ReleaseStatus.Success => "success",
        ReleaseStatus.Failure => "failure",
        ReleaseStatus.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// GitHub's state as a <see cref="ReleaseStatus"/>: error is a failure; pending and queued (and no status yet) are
    /// still in progress, as far as a release goes.
    /// </summary>
    public static ReleaseStatus Status(string? state) => state switch
    {
        "success" => ReleaseStatus.Success,
        "failure" or "error" => ReleaseStatus.Failure,
        "inactive" => ReleaseStatus.Inactive,
        _ => ReleaseStatus.InProgress,
    };

    /// <summary>The deployment task: <c>deploy</c>, <c>deploy:promotion</c> or <c>deploy:rollback</c>.</summary>
    public static string Task(PlanMode mode) => mode == PlanMode.Release ? "deploy" : "deploy:" + ReleasePayload.ModeName(mode);

    /// <summary>e.g. <c>shop 1a2b3c4 to production (promotion of release 41)</c>.</summary>
    public static string Description(Release release)
    {
        var what = release.Mode switch
        {
            PlanMode.Promotion when release.Source is { } source => $" (promotion of release {source})",
            PlanMode.Rollback when release.Source is { } source => $" (rollback to release {source})",
            _ => "",
        };
        return Limit($"{release.App} {Short(release.GitSha)} to {release.Environment}{what}");
    }

    public static string StatusDescription(ReleaseStatus status) => status switch
    {
        ReleaseStatus.InProgress => "Deploying",
        ReleaseStatus.Success => "Deployed and verified",
        ReleaseStatus.Failure => "Deploy failed; the log says why",
        _ => "No longer live",
    };

    public static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;

    /// <summary>GitHub refuses a status description over 140 characters.</summary>
    public static string Limit(string text) => text.Length <= 140 ? text : text[..139] + "…";
}
