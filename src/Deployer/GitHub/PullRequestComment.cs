using System.Globalization;
using System.Text.RegularExpressions;
using Octokit;

namespace Deployer.GitHub;

/// <summary>
/// The plan comment on a pull request, found again by a hidden marker on its first line
/// (<c>&lt;!-- deployer:plan:APP:ENVIRONMENT --&gt;</c>): each push updates it instead of piling up comments.
/// </summary>
public sealed partial class PullRequestComment(GitHubConnection github) : IPullRequestComments
{
    // GitHub refuses a comment body over 65536 characters.
    private const int MaxBody = 65536;

    public static string Marker(string app, string environment) => $"<!-- deployer:plan:{Clean(app)}:{Clean(environment)} -->";

    /// <summary>The pull request a workflow run is for: GITHUB_REF is <c>refs/pull/N/merge</c> on pull_request events; else null.</summary>
    public static int? NumberFrom(IReadOnlyDictionary<string, string> environment) =>
        environment.TryGetValue("GITHUB_REF", out var reference) && PullRef().Match(reference) is { Success: true } match
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    public async Task<PostedComment> UpsertAsync(int pullRequest, string app, string environment, string markdown, CancellationToken cancellationToken)
    {
        var marker = Marker(app, environment);
        var body = Body(marker, markdown);
        var (owner, name) = (github.Settings.Owner, github.Settings.Name);

        var comments = await github.CallAsync($"reading the comments on pull request #{pullRequest}", (c, _) =>
            c.Client.Issue.Comment.GetAllForIssue(owner, name, pullRequest), cancellationToken).ConfigureAwait(false);
        // The marker must open the comment: someone quoting the plan ("> <!-- …") does not make their comment ours.
        var previous = comments.FirstOrDefault(c => c.Body is { } text && text.StartsWith(marker, StringComparison.Ordinal));

        if (previous is null)
        {
            var created = await github.CallAsync($"commenting on pull request #{pullRequest}", (c, _) =>
                c.Client.Issue.Comment.Create(owner, name, pullRequest, body), cancellationToken).ConfigureAwait(false);
            return new PostedComment(created.Id, created.HtmlUrl, CommentOutcome.Created);
        }
        if (previous.Body == body) return new PostedComment(previous.Id, previous.HtmlUrl, CommentOutcome.Unchanged);

        var updated = await github.CallAsync($"updating comment {previous.Id} on pull request #{pullRequest}", (c, _) =>
            c.Client.Issue.Comment.Update(owner, name, previous.Id, body), cancellationToken).ConfigureAwait(false);
        return new PostedComment(updated.Id, updated.HtmlUrl, CommentOutcome.Updated);
    }

    /// <summary>The marker line, then the plan, cut to GitHub's limit with a note saying so.</summary>
    public static string Body(string marker, string markdown)
    {
        var body = marker + "\n" + markdown.ReplaceLineEndings("\n");
        if (body.Length <= MaxBody) return body;
        const string cut = "\n\n… the plan is cut here: GitHub takes 65536 characters. The job summary has all of it.";
        return body[..(MaxBody - cut.Length)] + cut;
    }

    // A name cannot close the HTML comment early or break the marker onto two lines.
    private static string Clean(string name) => Dashes().Replace(name.ReplaceLineEndings("").Replace(">", "", StringComparison.Ordinal), "-");

    [GeneratedRegex("-{2,}")]
    private static partial Regex Dashes();

    [GeneratedRegex(@"^refs/pull/(\d+)/(merge|head)$")]
    private static partial Regex PullRef();
}
