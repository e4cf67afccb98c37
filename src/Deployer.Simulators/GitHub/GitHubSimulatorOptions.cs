namespace Deployer.Simulators.GitHub;

/// <summary>Who may call the GitHub simulator, which repositories exist and how it pages.</summary>
public sealed record GitHubSimulatorOptions
{
    /// <summary>The defaults: token <c>ghs_simulated_token</c>, repository <c>acme/shop</c>.</summary>
    public static GitHubSimulatorOptions Default { get; } = new();

    /// <summary>The only token accepted (as <c>Authorization: token …</c> or <c>Bearer …</c>); anything else is 401 Bad credentials.</summary>
    public string Token { get; init; } = "ghs_simulated_token";

    /// <summary>The login the token belongs to; the creator of every deployment, status and comment.</summary>
    public string Login { get; init; } = "github-actions[bot]";

    /// <summary>Repositories (<c>owner/name</c>) that exist from the start; others answer 404.</summary>
    public IReadOnlyList<string> Repositories { get; init; } = ["acme/shop"];

    /// <summary>Clock for created_at / updated_at and the rate limit window.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Requests per rate limit window, as x-ratelimit-limit reports it (GitHub: 5000 for a user, 1000 for GITHUB_TOKEN).</summary>
    public int RateLimit { get; init; } = 5000;
}
