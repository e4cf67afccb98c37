using Deployer.Secrets;

namespace Deployer.GitHub;

/// <summary>
/// Which repository and API Deployer talks to, and with which token: <c>GITHUB_REPOSITORY</c> (owner/name) and
/// <c>GITHUB_API_URL</c> (https://api.github.com on github.com, https://HOST/api/v3 on GitHub Enterprise Server), as
/// GitHub Actions sets them.
/// </summary>
public sealed record GitHubSettings(string Owner, string Name, Uri ApiUrl, Secret Token)
{
    public static readonly Uri PublicApi = new("https://api.github.com/");

    /// <summary><c>owner/name</c>, for messages.</summary>
    public string Repository => $"{Owner}/{Name}";

    public GitHubRetryPolicy Retry { get; init; } = GitHubRetryPolicy.Default;

    /// <summary>
    /// The settings of a run with GitHub at hand, or null for a local run (no token, or no GITHUB_REPOSITORY).
    /// Throws <see cref="GitHubConfigurationException"/> when a variable is set but unusable.
    /// </summary>
    public static GitHubSettings? FromEnvironment(IReadOnlyDictionary<string, string> environment, Secret? token)
    {
        var repository = Get(environment, "GITHUB_REPOSITORY");
        if (token is null || token.IsEmpty || repository is null) return null;

        var problems = new List<string>();
        var parts = repository.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            problems.Add($"GITHUB_REPOSITORY is not owner/name: '{repository}'.");
        var api = PublicApi;
        if (Get(environment, "GITHUB_API_URL") is { } text &&
            (!Uri.TryCreate(text, UriKind.Absolute, out api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp)))
            problems.Add($"GITHUB_API_URL is not an http(s) URL: '{text}'.");
        if (problems.Count > 0) throw new GitHubConfigurationException(string.Join(Environment.NewLine, problems));

        // Relative paths resolve under the base only when it ends in '/': https://ghes/api/v3 would lose "v3".
        var baseUrl = api!.AbsoluteUri.EndsWith('/') ? api : new Uri(api.AbsoluteUri + "/");
        return new GitHubSettings(parts[0], parts[1], baseUrl, token);
    }

    private static string? Get(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>GitHub settings that cannot work (a malformed GITHUB_REPOSITORY or GITHUB_API_URL), found before any call.</summary>
public sealed class GitHubConfigurationException(string message) : Exception(message);
