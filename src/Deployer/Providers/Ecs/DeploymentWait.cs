using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>How often and how long to poll.</summary>
/// <param name="MinimumInterval">First polls; detection latency is at most this plus one request.</param>
/// <param name="MaximumInterval">Long deployments slow down to this, to spare the API's rate limit.</param>
/// <param name="MaximumBackoff">Longest pause between polls while the API keeps failing (throttling, 5xx, network).</param>
public sealed record PollingOptions(TimeSpan MinimumInterval, TimeSpan MaximumInterval, TimeSpan? MaximumBackoff = null)
{
    public static PollingOptions Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    /// <summary>Adaptive: every <see cref="MinimumInterval"/> at first, one second more per half minute, capped.</summary>
    public TimeSpan IntervalAfter(TimeSpan elapsed)
    {
        var grown = MinimumInterval + TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds / 30));
        return grown < MaximumInterval ? grown : MaximumInterval;
    }

    /// <summary>Exponential after <paramref name="failures"/> failed polls in a row (1 for the first), capped at <see cref="MaximumBackoff"/> (30 s).</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        var cap = MaximumBackoff ?? TimeSpan.FromSeconds(30);
        var grown = MinimumInterval * Math.Pow(2, Math.Min(failures, 20));
        return grown < cap ? grown : cap;
    }
}

/// <summary>The thin loop around <see cref="DeploymentDecision"/>: it owns the clock and the API calls, nothing else.</summary>
public sealed class DeploymentWait(IEcsApi ecs, TimeProvider time, PollingOptions polling)
{
    /// <summary>
    /// Polls until the decision is terminal or the token is cancelled (then it throws OperationCanceledException).
    /// A deployment in flight goes on whether or not we can read it, so transient errors (throttling, 5xx, network) never
    /// end the wait early: it backs off and polls again until <paramref name="timeout"/>, then says TimedOut so the caller
    /// stops the deployment it started. The snapshot is the last one read, null when none could be read.
    /// </summary>
    /// <param name="onProgress">Called when the reason changes, for the log.</param>
    public async Task<(WaitDecision Decision, DeploymentSnapshot? Snapshot)> UntilTerminalAsync(
        string cluster, string service, string? serviceDeploymentArn, string taskDefinitionArn, DateTimeOffset startedAt,
        TimeSpan timeout, Action<string> onProgress, CancellationToken cancellationToken, bool answersSmokeHook = false)
    {
        string? lastReason = null;
        DeploymentSnapshot? last = null;
        var failures = 0;
        while (true)
        {
            TimeSpan pause;
            try
            {
                var snapshot = await SnapshotAsync(cluster, service, serviceDeploymentArn, taskDefinitionArn, startedAt, timeout, cancellationToken)
                    with { AnswersSmokeHook = answersSmokeHook };
                (last, failures) = (snapshot, 0);
                var decision = DeploymentDecision.Evaluate(snapshot);
                if (decision.Verdict != WaitVerdict.Wait) return (decision, snapshot);
                if (decision.Reason != lastReason) onProgress(decision.Reason);
                lastReason = decision.Reason;
                pause = polling.IntervalAfter(snapshot.Elapsed);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failures++;
                if (time.GetUtcNow() - startedAt >= timeout)
                    return (new WaitDecision(WaitVerdict.TimedOut, $"the deployment's state could not be read before the timeout: {e.Message}"), last);
                var reason = $"could not read the deployment's state ({e.Message}); polling again";
                if (reason != lastReason) onProgress(reason);
                lastReason = reason;
                pause = polling.BackoffAfter(failures);
            }
            await Task.Delay(pause, time, cancellationToken);
        }
    }

    /// <summary>Errors that say nothing about the deployment, only about reaching the API. The AWS client already retried them.</summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        Aws.AwsServiceException e => Aws.AwsRetryPolicy.IsRetryable(e.Code, e.HttpStatus),
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private async Task<DeploymentSnapshot> SnapshotAsync(string cluster, string service, string? arn, string taskDefinitionArn,
        DateTimeOffset startedAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deployment = arn is null ? null : (await ecs.DescribeServiceDeploymentsAsync([arn], cancellationToken)).FirstOrDefault();
        var current = await ecs.DescribeServiceAsync(cluster, service, cancellationToken)
                      ?? throw new EcsDeployException($"service {service} disappeared from cluster {cluster} during the deploy");
        return new DeploymentSnapshot(deployment, current, taskDefinitionArn, time.GetUtcNow() - startedAt, timeout);
    }
}

/// <summary>An ECS deploy that cannot go on; its message is meant for the user.</summary>
public sealed class EcsDeployException(string message) : Exception(message);
