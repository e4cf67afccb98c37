namespace Deployer.GitHub;

/// <summary>
/// When and how long to retry a GitHub call. Server errors and network failures back off exponentially with full
/// jitter; a secondary rate limit waits what its retry-after asks, up to <see cref="MaxRetryAfter"/>. The primary rate
/// limit is never waited for: it resets on the hour, longer than any deploy should hang.
/// </summary>
/// <param name="MaxAttempts">Attempts in total, the first one included.</param>
/// <param name="BaseDelay">Upper bound of the first retry's delay.</param>
/// <param name="MaxDelay">Upper bound of any backoff delay.</param>
/// <param name="MaxRetryAfter">The longest retry-after honoured; a longer one fails at once.</param>
public sealed record GitHubRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan MaxRetryAfter)
{
    public static readonly GitHubRetryPolicy Default = new(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60));

    /// <summary>One attempt only.</summary>
    public static readonly GitHubRetryPolicy None = Default with { MaxAttempts = 1 };

    /// <summary>The backoff before retry number <paramref name="retry"/> (0 for the first), for a uniform <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan Delay(int retry, double random)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromMilliseconds(Math.Clamp(random, 0, 1) * ceiling);
    }
}
