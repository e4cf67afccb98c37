namespace Deployer.Aws;

/// <summary>
/// When and how long to retry an AWS call: throttling and server errors, with exponential backoff and full jitter
/// (a random delay between zero and min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> × 2^retry)), as the AWS
/// SDKs' standard retry mode does. Other 4xx errors are never retried: they will not succeed on their own.
/// </summary>
/// <param name="MaxAttempts">Attempts in total, the first one included.</param>
/// <param name="BaseDelay">Upper bound of the first retry's delay.</param>
/// <param name="MaxDelay">Upper bound of any delay.</param>
public sealed record AwsRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static readonly AwsRetryPolicy Default = new(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(20));

    /// <summary>One attempt only.</summary>
    public static readonly AwsRetryPolicy None = Default with { MaxAttempts = 1 };

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
        "ProvisionedThroughputExceededException",
    };

    /// <summary>Throttling codes (whatever the status, ECS throttles with 400), 429 and 5xx.</summary>
    public static bool IsRetryable(string code, int httpStatus) =>
        ThrottlingCodes.Contains(code) || httpStatus == 429 || httpStatus >= 500;

    /// <summary>The delay before retry number <paramref name="retry"/> (0 for the first), for a uniform <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan Delay(int retry, double random)
    {
        // Cap the exponent before multiplying: 2^retry overflows long before any sane retry count.
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        return TimeSpan.FromMilliseconds(Math.Clamp(random, 0, 1) * ceiling);
    }
}
