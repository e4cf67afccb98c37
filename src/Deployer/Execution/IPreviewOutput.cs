namespace Deployer.Execution;

/// <summary>
/// A step output that may be a pull request's preview (a Vercel preview deployment, say): the run links it from the pull
/// request, as a GitHub deployment with its URL and a line in the plan comment, without naming the provider.
/// </summary>
public interface IPreviewOutput
{
    /// <summary>The pull request this output previews; null when it is not a pull request's preview.</summary>
    int? PullRequest { get; }

    /// <summary>Where the preview is served.</summary>
    string Url { get; }
}
