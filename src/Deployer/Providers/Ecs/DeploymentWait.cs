using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>How often and how long to poll.</summary>
/// <param name="MinimumInterval">First polls; detection latency is at most this plus one request.</param>
/// <param name="MaximumInterval">Long deployments slow down to this, to spare the API's rate limit.</param>
public sealed record PollingOptions(TimeSpan MinimumInterval, TimeSpan MaximumInterval)
{
    public static PollingOptions Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

    /// <summary>Adaptive: every <see cref="MinimumInterval"/> at first, one second more per half minute, capped.</summary>
    public TimeSpan IntervalAfter(TimeSpan elapsed)
    {
        var grown = MinimumInterval + TimeSpan.FromSeconds(Math.Floor(elapsed.TotalSeconds / 30));
        return grown < MaximumInterval ? grown : MaximumInterval;
    }
}

/// <summary>The thin loop around <see cref="DeploymentDecision"/>: it owns the clock and the API calls, nothing else.</summary>
public sealed class DeploymentWait(IEcsApi ecs, TimeProvider time, PollingOptions polling)
{
    /// <summary>Polls until the decision is terminal or the token is cancelled (then it throws OperationCanceledException).</summary>
    /// <param name="onProgress">Called when the reason changes, for the log.</param>
    public async Task<(WaitDecision Decision, DeploymentSnapshot Snapshot)> UntilTerminalAsync(
        string cluster, string service, string? serviceDeploymentArn, string taskDefinitionArn, DateTimeOffset startedAt,
        TimeSpan timeout, Action<string> onProgress, CancellationToken cancellationToken)
    {
        string? lastReason = null;
        while (true)
        {
            var snapshot = await SnapshotAsync(cluster, service, serviceDeploymentArn, taskDefinitionArn, startedAt, timeout, cancellationToken);
            var decision = DeploymentDecision.Evaluate(snapshot);
            if (decision.Verdict != WaitVerdict.Wait) return (decision, snapshot);
            if (decision.Reason != lastReason) onProgress(decision.Reason);
            lastReason = decision.Reason;
            await Task.Delay(polling.IntervalAfter(snapshot.Elapsed), time, cancellationToken);
        }
    }

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
