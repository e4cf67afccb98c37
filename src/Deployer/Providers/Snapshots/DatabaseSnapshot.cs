using Deployer.Aws;
using Deployer.Aws.Rds;
using Deployer.Providers.Ecs;
using Deployer.Execution;

namespace Deployer.Providers.Snapshots;

/// <summary>How often to poll RDS and how long a snapshot may take.</summary>
/// <param name="Timeout">From the step's start, waiting for a busy instance included.</param>
public sealed record SnapshotOptions(PollingOptions Polling, TimeSpan Timeout)
{
    /// <summary>Snapshots take minutes, the first of a large instance much longer: poll every 5–30 s, for up to an hour.</summary>
    public static SnapshotOptions Default { get; } = new(new PollingOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)), TimeSpan.FromHours(1));
}

/// <summary>
/// The thin loop around <see cref="DatabaseSnapshotDecision"/>: describes the instance, creates the snapshot when the
/// decision says so, and polls until it is available. It owns the clock and the API calls, nothing else.
/// </summary>
public sealed class DatabaseSnapshot(IRdsApi rds, TimeProvider time, SnapshotOptions options, Action<string> log)
{
    /// <summary>Takes snapshot <paramref name="snapshotId"/> of <paramref name="instance"/> and waits for it; cancellation throws.</summary>
    public async Task<StepResult> TakeAsync(string instance, string snapshotId, IReadOnlyList<RdsTag> tags, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var observation = new SnapshotObservation(instance, await rds.DescribeDbInstanceAsync(instance, cancellationToken), snapshotId, null, false,
            TimeSpan.Zero, options.Timeout);
        string? lastReason = null;
        while (true)
        {
            var decision = DatabaseSnapshotDecision.Evaluate(observation);
            switch (decision.Verdict)
            {
                case SnapshotVerdict.Create:
                    log($"{decision.Reason}: creating snapshot {snapshotId}");
                    var created = await CreateAsync(instance, snapshotId, tags, cancellationToken);
                    observation = observation with { Requested = true, Snapshot = created, Elapsed = time.GetUtcNow() - started };
                    continue;
                case SnapshotVerdict.Available:
                    return new StepResult(Outcome.Succeeded, decision.Reason, Outputs(instance, snapshotId, observation.Snapshot));
                case SnapshotVerdict.Failed:
                    return new StepResult(Outcome.Failed, decision.Reason, Outputs(instance, observation.Requested ? snapshotId : null, observation.Snapshot));
                case SnapshotVerdict.TimedOut:
                    return new StepResult(Outcome.TimedOut, decision.Reason, Outputs(instance, observation.Requested ? snapshotId : null, observation.Snapshot));
            }

            if (decision.Reason != lastReason) log(decision.Reason);
            lastReason = decision.Reason;
            await Task.Delay(options.Polling.IntervalAfter(time.GetUtcNow() - started), time, cancellationToken);
            observation = observation.Requested
                ? observation with { Snapshot = await rds.DescribeDbSnapshotAsync(snapshotId, cancellationToken) }
                : observation with { InstanceState = await rds.DescribeDbInstanceAsync(instance, cancellationToken) };
            observation = observation with { Elapsed = time.GetUtcNow() - started };
        }
    }

    private async Task<DbSnapshot> CreateAsync(string instance, string snapshotId, IReadOnlyList<RdsTag> tags, CancellationToken cancellationToken)
    {
        try
        {
            return await rds.CreateDbSnapshotAsync(snapshotId, instance, tags, cancellationToken);
        }
        catch (AwsServiceException e) when (e.Code == "DBSnapshotAlreadyExists")
        {
            // A retried request whose first attempt got through, or a concurrent run in the same second: the same
            // snapshot of the same instance serves both; anything else is a real clash.
            var existing = await rds.DescribeDbSnapshotAsync(snapshotId, cancellationToken);
            if (existing is null || existing.InstanceIdentifier != instance) throw;
            log($"snapshot {snapshotId} already exists for '{instance}'; waiting for it");
            return existing;
        }
    }

    private static SnapshotTaken Outputs(string instance, string? snapshotId, DbSnapshot? snapshot) => new(instance, snapshotId, snapshot?.Arn);
}
