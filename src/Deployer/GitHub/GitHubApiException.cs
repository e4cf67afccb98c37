namespace Deployer.GitHub;

/// <summary>
/// A GitHub call that failed for good, e.g. <c>GitHub rejected the token (401 Bad credentials) while listing deployments
/// of staging in acme/shop. …</c>. The message names the repository and what was being done and says what to check; it
/// never holds the token (GitHub's answers never echo it, and the request is not quoted).
/// </summary>
public sealed class GitHubApiException(string message, string repository, string action, int? statusCode, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary><c>owner/name</c>.</summary>
    public string Repository { get; } = repository;

    /// <summary>What Deployer was doing, e.g. <c>creating a deployment for production</c>.</summary>
    public string Action { get; } = action;

    /// <summary>GitHub's HTTP status; null when GitHub was not reached.</summary>
    public int? StatusCode { get; } = statusCode;
}
