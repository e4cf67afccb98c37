using Deployer.Aws.Rds;

namespace Deployer.Providers.Snapshots;

/// <summary>What the snapshot loop does next.</summary>
public enum SnapshotVerdict { Create, Wait, Available, Failed, TimedOut }

/// <summary>A verdict and the reason a person should read.</summary>
public sealed record SnapshotDecision(SnapshotVerdict Verdict, string Reason);

/// <summary>One poll's view of a pre-migration snapshot.</summary>
/// <param name="Instance">The DB instance identifier from the description.</param>
/// <param name="InstanceState">The instance as last described; null when it does not exist.</param>
/// <param name="SnapshotId">The snapshot identifier this release uses.</param>
/// <param name="Snapshot">The snapshot as last seen; null before it is requested or while it is not listed yet.</param>
/// <param name="Requested">Whether CreateDBSnapshot was sent.</param>
/// <param name="Elapsed">Time since the step started.</param>
/// <param name="Timeout">How long the step may take, waiting for the instance included.</param>
public sealed record SnapshotObservation(
    string Instance, DbInstance? InstanceState, string SnapshotId, DbSnapshot? Snapshot, bool Requested, TimeSpan Elapsed, TimeSpan Timeout);

/// <summary>
/// Decides from one observation whether to snapshot, wait, or stop. Pure, so it is tested as a table. RDS snapshots
/// only instances that are available (or optimizing storage); an instance busy with a backup or a modification is
/// waited for, one that is stopped, failed or part of an Aurora cluster is a clear failure before anything is created.
/// </summary>
public static class DatabaseSnapshotDecision
{
    private static readonly HashSet<string> Snapshottable = new(StringComparer.Ordinal) { "available", "storage-optimization" };

    /// <summary>Instance states that end by themselves in <c>available</c>.</summary>
    private static readonly HashSet<string> Passing = new(StringComparer.Ordinal)
    {
        "backing-up", "configuring-enhanced-monitoring", "configuring-iam-database-auth", "configuring-log-exports",
        "converting-to-vpc", "creating", "maintenance", "modifying", "moving-to-vpc", "rebooting", "renaming",
        "resetting-master-credentials", "starting", "storage-config-upgrade", "storage-initialization", "upgrading",
    };

    /// <summary>Snapshot states after which it will never become available.</summary>
    private static readonly HashSet<string> Dead = new(StringComparer.Ordinal) { "failed", "deleted", "deleting" };

    public static SnapshotDecision Evaluate(SnapshotObservation o) => o.Requested ? ForSnapshot(o) : ForInstance(o);

    private static SnapshotDecision ForInstance(SnapshotObservation o)
    {
        if (o.InstanceState is not { } instance)
            return new(SnapshotVerdict.Failed, $"RDS instance '{o.Instance}' does not exist in this account and region: check database.snapshot.instance");
        if (instance.ClusterIdentifier is { } cluster)
            return new(SnapshotVerdict.Failed, $"RDS instance '{o.Instance}' belongs to Aurora cluster '{cluster}', which is snapshotted as a cluster " +
                                               "(CreateDBClusterSnapshot); Deployer does not do that yet, so turn database.snapshot off for it");
        if (Snapshottable.Contains(instance.Status))
            return new(SnapshotVerdict.Create, $"RDS instance '{o.Instance}' is {instance.Status}");
        if (!Passing.Contains(instance.Status))
            return new(SnapshotVerdict.Failed, $"RDS instance '{o.Instance}' is {instance.Status}, and RDS snapshots only available instances; no snapshot was taken");
        return o.Elapsed >= o.Timeout
            ? new(SnapshotVerdict.TimedOut, $"RDS instance '{o.Instance}' was still {instance.Status} after {Minutes(o.Timeout)}; no snapshot was taken")
            : new(SnapshotVerdict.Wait, $"RDS instance '{o.Instance}' is {instance.Status}; waiting until it is available to snapshot it");
    }

    private static SnapshotDecision ForSnapshot(SnapshotObservation o)
    {
        var status = o.Snapshot?.Status;
        if (status == "available") return new(SnapshotVerdict.Available, $"snapshot {o.SnapshotId} of '{o.Instance}' is available");
        if (status is not null && Dead.Contains(status)) return new(SnapshotVerdict.Failed, $"snapshot {o.SnapshotId} of '{o.Instance}' is {status}");
        var progress = status is null ? "requested, not listed yet" : $"{status}{(o.Snapshot!.PercentProgress is { } p ? $" ({p}%)" : "")}";
        return o.Elapsed >= o.Timeout
            ? new(SnapshotVerdict.TimedOut, $"snapshot {o.SnapshotId} of '{o.Instance}' was still {progress} after {Minutes(o.Timeout)}; " +
                                            "RDS goes on creating it, but the migration does not run without it")
            : new(SnapshotVerdict.Wait, $"snapshot {o.SnapshotId} is {progress}");
    }

    private static string Minutes(TimeSpan timeout) => $"{timeout.TotalMinutes:0.#} min";
}
