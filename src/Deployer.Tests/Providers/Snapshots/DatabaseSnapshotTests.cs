using Deployer.Aws;
using Deployer.Aws.Rds;
using Deployer.Providers.Ecs;
using Deployer.Execution;
using Deployer.Providers.Snapshots;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Providers.Snapshots;

/// <summary>The snapshot loop against a scripted RDS and a fake clock: when it creates, how it waits, when it gives up.</summary>
public sealed class DatabaseSnapshotTests
{
    private static readonly SnapshotOptions Options = new(new PollingOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), TimeSpan.FromMinutes(10));

    /// <summary>An RDS whose instance and snapshot states are scripted per call; the last state repeats.</summary>
    private sealed class ScriptedRds(Queue<string?> instanceStates, Queue<string?> snapshotStates) : IRdsApi
    {
        public List<string> Calls { get; } = [];
        public Func<AwsServiceException>? CreateFails { get; init; }
        private string? _instance = "available";
        private string? _snapshot;

        public Task<DbInstance?> DescribeDbInstanceAsync(string instance, CancellationToken cancellationToken)
        {
            Calls.Add("DescribeDBInstances");
            if (instanceStates.Count > 0) _instance = instanceStates.Dequeue();
            return Task.FromResult(_instance is null ? null : new DbInstance(instance, _instance, "postgres", "16.4", null, null));
        }

        public Task<DbSnapshot> CreateDbSnapshotAsync(string snapshot, string instance, IReadOnlyList<RdsTag> tags, CancellationToken cancellationToken)
        {
            Calls.Add("CreateDBSnapshot");
            if (CreateFails is not null) throw CreateFails();
            return Task.FromResult(new DbSnapshot(snapshot, instance, "creating", 0, $"arn:aws:rds:us-east-1:1:snapshot:{snapshot}", null));
        }

        public Task<DbSnapshot?> DescribeDbSnapshotAsync(string snapshot, CancellationToken cancellationToken)
        {
            Calls.Add("DescribeDBSnapshots");
            if (snapshotStates.Count > 0) _snapshot = snapshotStates.Dequeue();
            return Task.FromResult(_snapshot is null ? null : new DbSnapshot(snapshot, "db1", _snapshot, 50, $"arn:aws:rds:us-east-1:1:snapshot:{snapshot}", null));
        }
    }

    private static async Task<StepResult> RunWithClock(FakeTimeProvider time, Task<StepResult> run)
    {
        while (!run.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(1));
        }
        return await run;
    }

    [Fact]
    public async Task A_busy_instance_is_waited_for_then_the_snapshot_is_created_and_polled_until_available()
    {
        var time = new FakeTimeProvider();
        var rds = new ScriptedRds(new(["backing-up", "backing-up", "available"]), new(["creating", "available"]));
        var log = new List<string>();

        var result = await RunWithClock(time, new DatabaseSnapshot(rds, time, Options, log.Add).TakeAsync("db1", "snap-1", [], CancellationToken.None));

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal("snapshot snap-1 of 'db1' is available", result.Message);
        Assert.Equal(new Dictionary<string, string> { ["instance"] = "db1", ["snapshot"] = "snap-1", ["snapshot-arn"] = "arn:aws:rds:us-east-1:1:snapshot:snap-1" }, result.Outputs);
        Assert.Equal(["DescribeDBInstances", "DescribeDBInstances", "DescribeDBInstances", "CreateDBSnapshot", "DescribeDBSnapshots", "DescribeDBSnapshots"], rds.Calls);
        // A reason is logged when it changes, not at every poll.
        Assert.Equal(
        [
            "RDS instance 'db1' is backing-up; waiting until it is available to snapshot it",
            "RDS instance 'db1' is available: creating snapshot snap-1",
            "snapshot snap-1 is creating (0%)",
            "snapshot snap-1 is creating (50%)",
        ], log);
    }

    [Fact]
    public async Task A_snapshot_that_is_not_available_in_time_times_out_and_names_the_snapshot()
    {
        var time = new FakeTimeProvider();
        var rds = new ScriptedRds(new(["available"]), new(["creating"]));

        var result = await RunWithClock(time, new DatabaseSnapshot(rds, time, Options, _ => { }).TakeAsync("db1", "snap-1", [], CancellationToken.None));

        Assert.Equal(Outcome.TimedOut, result.Outcome);
        Assert.StartsWith("snapshot snap-1 of 'db1' was still creating (50%) after 10 min", result.Message);
        Assert.Equal("snap-1", result.Outputs["snapshot"]);
    }

    [Fact]
    public async Task A_missing_instance_fails_without_creating_anything()
    {
        var time = new FakeTimeProvider();
        var rds = new ScriptedRds(new([null]), new());

        var result = await new DatabaseSnapshot(rds, time, Options, _ => { }).TakeAsync("db1", "snap-1", [], CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Equal(["DescribeDBInstances"], rds.Calls);
        Assert.False(result.Outputs.ContainsKey("snapshot"));
    }

    [Fact]
    public async Task A_snapshot_that_already_exists_for_the_same_instance_is_waited_for()
    {
        var time = new FakeTimeProvider();
        var rds = new ScriptedRds(new(["available"]), new(["creating", "available"]))
        {
            CreateFails = () => new AwsServiceException("RDS", "CreateDBSnapshot", "DBSnapshotAlreadyExists", "exists", 400, null),
        };
        var log = new List<string>();

        var result = await RunWithClock(time, new DatabaseSnapshot(rds, time, Options, log.Add).TakeAsync("db1", "snap-1", [], CancellationToken.None));

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Contains("snapshot snap-1 already exists for 'db1'; waiting for it", log);
    }

    [Fact]
    public async Task Cancellation_ends_the_wait()
    {
        var time = new FakeTimeProvider();
        var rds = new ScriptedRds(new(["available"]), new(["creating"]));
        using var cancellation = new CancellationTokenSource();

        var run = new DatabaseSnapshot(rds, time, Options, _ => { }).TakeAsync("db1", "snap-1", [], cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["DescribeDBInstances", "CreateDBSnapshot"], rds.Calls);
    }
}
