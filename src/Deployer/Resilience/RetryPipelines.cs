using Polly;
using Polly.Retry;

namespace Deployer.Resilience;

/// <summary>The retry pipeline every API client of Deployer uses: its own transient test and delay, Polly's loop, the run's clock.</summary>
public static class RetryPipelines
{
    /// <param name="maxAttempts">Attempts in all; 1 or less means no retry.</param>
    /// <param name="isTransient">Whether the exception of an attempt is worth another (given the run's token).</param>
    /// <param name="delay">The wait before the next attempt, from the failed one's exception and its number (0 first).</param>
    public static ResiliencePipeline Build(int maxAttempts, TimeProvider time, Func<Exception?, CancellationToken, bool> isTransient,
        Func<Exception?, int, TimeSpan> delay) =>
        maxAttempts <= 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = maxAttempts - 1,
                    ShouldHandle = args => ValueTask.FromResult(isTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                    DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(delay(args.Outcome.Exception, args.AttemptNumber)),
                })
                .Build();
}
