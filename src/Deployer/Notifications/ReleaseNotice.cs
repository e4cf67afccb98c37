using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Notifications;

/// <summary>What every channel says about one moment of a release: the same facts, rendered per channel.</summary>
public sealed record ReleaseNotice(
    ReleaseMoment Moment,
    string App,
    string Environment,
    string Sha,
    PlanMode Mode,
    DateTimeOffset At,
    TimeSpan? Duration = null,
    string? RunUrl = null,
    string? EnvironmentUrl = null,
    string? Reason = null)
{
    public static ReleaseNotice Started(DeployPlan plan, DateTimeOffset at, string? runUrl) =>
        new(ReleaseMoment.Started, plan.App, plan.Environment, plan.GitSha, plan.Mode, at, RunUrl: runUrl);

    /// <summary>The end of a release; the reason is given for every outcome but success.</summary>
    public static ReleaseNotice Finished(ReleaseResult result, string? runUrl, string? environmentUrl)
    {
        var moment = MomentOf(result.Outcome);
        return new(moment, result.Plan.App, result.Plan.Environment, result.Plan.GitSha, result.Plan.Mode, result.FinishedAt,
            result.FinishedAt - result.StartedAt, runUrl, environmentUrl, moment == ReleaseMoment.Succeeded ? null : FirstLine(result.Message));
    }

    public static ReleaseMoment MomentOf(Outcome outcome) => outcome switch
    {
        Outcome.Succeeded or Outcome.Unchanged => ReleaseMoment.Succeeded,
        Outcome.RolledBack => ReleaseMoment.RolledBack,
        Outcome.Cancelled => ReleaseMoment.Cancelled,
        _ => ReleaseMoment.Failed,
    };

    public string ShortSha => Sha.Length > 7 ? Sha[..7] : Sha;

    /// <summary>One line for plain-text channels and notification previews.</summary>
    public string Headline()
    {
        var what = Mode switch { PlanMode.Promotion => "promotion", PlanMode.Rollback => "rollback", _ => "release" };
        var verb = Moment switch
        {
            ReleaseMoment.Started => "started",
            ReleaseMoment.Succeeded => "succeeded",
            ReleaseMoment.RolledBack => "was rolled back",
            ReleaseMoment.Cancelled => "was cancelled",
            _ => "failed",
        };
        var took = Duration is { } d ? $" in {Math.Round(d.TotalSeconds)} s" : "";
        return $"{App} {what} to {Environment} ({ShortSha}) {verb}{took}";
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
