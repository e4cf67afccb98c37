using Deployer.Execution;
using Deployer.GitHub;
using Deployer.Planning;

namespace Deployer.Runs;

/// <summary>
/// A pull request run's previews, shown where the reviewer looks: a GitHub deployment per preview (its URL behind the
/// pull request's "View deployment") and, with --comment-on-pr, the plan comment with a line per preview, updated by
/// every push's run.
/// </summary>
public static class PullRequestPreviews
{
    /// <summary>The previews a run served for its pull request, in plan order. Pure.</summary>
    public static IReadOnlyList<PullRequestPreview> Of(ReleaseResult result) =>
        [.. result.Steps
            .Where(s => s.Result.Outcome == Outcome.Succeeded && s.Compensation is null)
            .Select(s => (s.Step, Output: s.Result.Output as IPreviewOutput))
            .Where(s => s.Output is { PullRequest: not null, Url.Length: > 0 })
            .Select(s => new PullRequestPreview(s.Output!.PullRequest!.Value, s.Step.Id, s.Output.Url, result.Plan.GitSha))];

    /// <summary>The plan comment: the plan's summary, a line per preview the run deployed (none for a dry run), the full plan folded.</summary>
    public static string Comment(DeployPlan plan, string planText, IReadOnlyList<PullRequestPreview> previews) =>
        Output.JobSummary.ForPlan(plan) +
        (previews.Count == 0 ? "" : "\n") + string.Concat(previews.Select(p => $"**Preview** `{p.Name}`: {p.Url} (commit {p.GitSha[..Math.Min(12, p.GitSha.Length)]})\n")) +
        $"\n<details><summary>Full plan</summary>\n\n```\n{planText.TrimEnd()}\n```\n</details>\n";
}
