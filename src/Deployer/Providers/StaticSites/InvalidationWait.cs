using Deployer.Aws.CloudFront;

namespace Deployer.Providers.StaticSites;

/// <summary>What to do after reading an invalidation's status: done, poll again, or give up.</summary>
public enum InvalidationVerdict { Completed, Poll, TimedOut }

/// <summary>Waits until a CloudFront invalidation is <c>Completed</c>, bounded: a pure decision and a thin polling loop.</summary>
public static class InvalidationWait
{
    public static InvalidationVerdict Decide(CloudFrontInvalidation invalidation, TimeSpan elapsed, TimeSpan timeout) =>
        invalidation.Completed ? InvalidationVerdict.Completed
        : elapsed >= timeout ? InvalidationVerdict.TimedOut
        : InvalidationVerdict.Poll;

    /// <summary>Polls every <paramref name="interval"/> until the invalidation completed or <paramref name="timeout"/> passed.</summary>
    public static async Task<(InvalidationVerdict Verdict, CloudFrontInvalidation Last)> UntilCompletedAsync(
        ICloudFrontApi cloudFront, string distributionId, CloudFrontInvalidation started, TimeSpan interval, TimeSpan timeout,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var current = started;
        while (true)
        {
            var verdict = Decide(current, time.GetElapsedTime(start), timeout);
            if (verdict != InvalidationVerdict.Poll) return (verdict, current);
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            current = await cloudFront.GetInvalidationAsync(distributionId, current.Id, cancellationToken).ConfigureAwait(false);
        }
    }
}
