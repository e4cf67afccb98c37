namespace Deployer.GitHub;

/// <summary>Where a dry run's plan is shown on a pull request: one comment per app and environment, kept up to date.</summary>
public interface IPullRequestComments
{
    /// <summary>Creates the comment for <paramref name="app"/> and <paramref name="environment"/>, or updates the one posted before.</summary>
    Task<PostedComment> UpsertAsync(int pullRequest, string app, string environment, string markdown, CancellationToken cancellationToken);
}

/// <summary>The comment as it now stands.</summary>
/// <param name="Outcome">Whether it was created, updated or already said exactly this.</param>
public sealed record PostedComment(long Id, string HtmlUrl, CommentOutcome Outcome);

public enum CommentOutcome { Created, Updated, Unchanged }
