using Deployer.Aws.Rds;
using Deployer.Providers.Snapshots;

namespace Deployer.Tests.Providers.Snapshots;

/// <summary>The snapshot decision as a table: instance states before the snapshot, snapshot states after, and the timeout.</summary>
public sealed class DatabaseSnapshotDecisionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(60);

    private static SnapshotDecision Before(string? status, string? cluster = null, int elapsedMinutes = 0) =>
        DatabaseSnapshotDecision.Evaluate(new SnapshotObservation("db1",
            status is null ? null : new DbInstance("db1", status, "postgres", "16.4", cluster, "arn:aws:rds:us-east-1:1:db:db1"),
            "snap-1", null, false, TimeSpan.FromMinutes(elapsedMinutes), Timeout));

    private static SnapshotDecision After(string? status, int? percent = null, int elapsedMinutes = 0) =>
        DatabaseSnapshotDecision.Evaluate(new SnapshotObservation("db1", null, "snap-1",
            status is null ? null : new DbSnapshot("snap-1", "db1", status, percent, "arn:aws:rds:us-east-1:1:snapshot:snap-1", null),
            true, TimeSpan.FromMinutes(elapsedMinutes), Timeout));

    [Theory]
    [InlineData("available", SnapshotVerdict.Create, "RDS instance 'db1' is available")]
    [InlineData("storage-optimization", SnapshotVerdict.Create, "RDS instance 'db1' is storage-optimization")]
    [InlineData("backing-up", SnapshotVerdict.Wait, "RDS instance 'db1' is backing-up; waiting until it is available to snapshot it")]
    [InlineData("modifying", SnapshotVerdict.Wait, "RDS instance 'db1' is modifying; waiting until it is available to snapshot it")]
    [InlineData("stopped", SnapshotVerdict.Failed, "RDS instance 'db1' is stopped, and RDS snapshots only available instances; no snapshot was taken")]
    [InlineData("storage-full", SnapshotVerdict.Failed, "RDS instance 'db1' is storage-full, and RDS snapshots only available instances; no snapshot was taken")]
    [InlineData(null, SnapshotVerdict.Failed, "RDS instance 'db1' does not exist in this account and region: check database.snapshot.instance")]
    public void Before_the_snapshot_the_instance_state_decides(string? status, SnapshotVerdict verdict, string reason) =>
        Assert.Equal(new SnapshotDecision(verdict, reason), Before(status));

    [Fact]
    public void An_Aurora_instance_fails_before_anything_is_created()
    {
        var decision = Before("available", cluster: "shop-aurora");

        Assert.Equal(SnapshotVerdict.Failed, decision.Verdict);
        Assert.StartsWith("RDS instance 'db1' belongs to Aurora cluster 'shop-aurora'", decision.Reason);
    }

    [Fact]
    public void A_busy_instance_is_waited_for_only_until_the_timeout()
    {
        Assert.Equal(SnapshotVerdict.Wait, Before("backing-up", elapsedMinutes: 59).Verdict);
        Assert.Equal(new SnapshotDecision(SnapshotVerdict.TimedOut, "RDS instance 'db1' was still backing-up after 60 min; no snapshot was taken"),
            Before("backing-up", elapsedMinutes: 60));
        // An available instance is snapshotted even late: the timeout only ends waits.
        Assert.Equal(SnapshotVerdict.Create, Before("available", elapsedMinutes: 61).Verdict);
    }

    [Theory]
    [InlineData("available", null, 0, SnapshotVerdict.Available, "snapshot snap-1 of 'db1' is available")]
    [InlineData("creating", 40, 0, SnapshotVerdict.Wait, "snapshot snap-1 is creating (40%)")]
    [InlineData("creating", null, 0, SnapshotVerdict.Wait, "snapshot snap-1 is creating")]
    [InlineData(null, null, 0, SnapshotVerdict.Wait, "snapshot snap-1 is requested, not listed yet")]
    [InlineData("failed", null, 0, SnapshotVerdict.Failed, "snapshot snap-1 of 'db1' is failed")]
    [InlineData("deleting", null, 0, SnapshotVerdict.Failed, "snapshot snap-1 of 'db1' is deleting")]
    [InlineData("available", null, 90, SnapshotVerdict.Available, "snapshot snap-1 of 'db1' is available")]
    [InlineData("creating", 95, 60, SnapshotVerdict.TimedOut,
        "snapshot snap-1 of 'db1' was still creating (95%) after 60 min; RDS goes on creating it, but the migration does not run without it")]
    public void After_the_request_the_snapshot_state_decides(string? status, int? percent, int elapsedMinutes, SnapshotVerdict verdict, string reason) =>
        Assert.Equal(new SnapshotDecision(verdict, reason), After(status, percent, elapsedMinutes));
}
