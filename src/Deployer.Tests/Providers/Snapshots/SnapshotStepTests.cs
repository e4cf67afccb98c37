using Deployer.Aws;
using Deployer.Config;
using Deployer.Providers.Ecs;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Snapshots;
using Deployer.Tests.Aws;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Snapshots;

/// <summary>The snapshot step against a real moto server, alone and as the migration's gate in a release.</summary>
[Collection(MotoCollection.Name)]
public sealed class SnapshotStepTests(MotoServer moto) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 9, 12, 5, 7, TimeSpan.Zero);
    private static readonly SnapshotOptions Fast = new(new PollingOptions(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50)), TimeSpan.FromSeconds(30));
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);
    private readonly List<string> _log = [];

    public void Dispose() => _clients.Dispose();

    private SnapshotStepHandler Handler(AwsClients? clients = null) =>
        new((clients ?? _clients).Rds, new SnapshotRelease("shop", "production", EcsWorld.Sha), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now), Fast,
            (_, line) => { lock (_log) _log.Add(line); });

    private static DeployPlan Plan(string instance) => new("shop", "production", EcsWorld.Sha, PlanMode.Release,
        new AwsSpec { Account = MotoServer.AccountId, Region = MotoServer.Region },
        [
            new SnapshotDatabaseStep("snapshot-database", [], instance),
            new StandInStep("migrate", ["snapshot-database"]),
            new StandInStep("deploy-ecs:api", ["migrate"]),
        ]);

    [Fact]
    public async Task A_snapshot_named_after_the_release_is_taken_and_recorded_with_its_ARN()
    {
        var instance = await RdsApiClientTests.InstanceAsync(_clients);
        var step = new SnapshotDatabaseStep("snapshot-database", [], instance);

        var result = await Handler().RunAsync(step, new ExecutionState(), CancellationToken.None);

        var id = $"shop-production-{instance}-20250309-120507";
        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal($"snapshot {id} of '{instance}' is available", result.Message);
        Assert.Equal(new Dictionary<string, string>
        {
            ["instance"] = instance,
            ["snapshot"] = id,
            ["snapshot-arn"] = $"arn:aws:rds:{MotoServer.Region}:{MotoServer.AccountId}:snapshot:{id}",
        }, result.Outputs);
        Assert.Equal("available", (await _clients.Rds.DescribeDbSnapshotAsync(id, CancellationToken.None))!.Status);
        Assert.Contains($"RDS instance '{instance}' is available: creating snapshot {id}", _log);
    }

    [Fact]
    public async Task An_unknown_instance_fails_the_release_before_the_migration_and_any_deploy()
    {
        var migrateAndDeploy = new StubStepHandler(s => s is StandInStep);
        var executor = new PlanExecutor([Handler(), migrateAndDeploy], new NullExecutionLog(), TimeProvider.System);

        var release = await executor.ExecuteAsync(Plan("no-such-instance"), CancellationToken.None);

        Assert.Equal(Outcome.Failed, release.Outcome);
        Assert.Equal("snapshot-database failed: RDS instance 'no-such-instance' does not exist in this account and region: check database.snapshot.instance", release.Message);
        Assert.Empty(migrateAndDeploy.Ran);
        Assert.All(release.Steps.Skip(1), s => Assert.Equal(Outcome.NotRun, s.Result.Outcome));
    }

    [Fact]
    public async Task An_Aurora_instance_fails_with_what_to_do_instead()
    {
        var instance = await RdsApiClientTests.InstanceAsync(_clients, EcrApiClientTests.Name("aurora"));

        var result = await Handler().RunAsync(new SnapshotDatabaseStep("snapshot-database", [], instance), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("turn database.snapshot off for it", result.Message);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_fails_the_step_with_the_service_message()
    {
        await using var stub = await StubAwsServer.StartAsync(_ => new StubResponse(400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>"));
        var settings = AwsEnvironment.Resolve(moto.Environment(("AWS_ENDPOINT_URL_RDS", stub.Endpoint.ToString()))) with
        {
            Retry = new AwsRetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
        };
        using var throttled = AwsClients.Create(settings, TimeProvider.System);

        var result = await Handler(throttled).RunAsync(new SnapshotDatabaseStep("snapshot-database", [], "db1"), new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Equal("snapshot of RDS instance 'db1' failed: RDS DescribeDBInstances failed: Throttling: Rate exceeded", result.Message);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task A_dry_run_describes_the_instance_and_creates_nothing()
    {
        var instance = await RdsApiClientTests.InstanceAsync(_clients);
        var recorder = new RecordingHandler();
        using var recorded = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System, recorder);

        var found = await Handler(recorded).PreviewAsync(new SnapshotDatabaseStep("snapshot-database", [], instance), CancellationToken.None);
        var missing = await Handler(recorded).PreviewAsync(new SnapshotDatabaseStep("snapshot-database", [], "no-such-instance"), CancellationToken.None);

        Assert.Equal([$"RDS instance '{instance}' is available (postgres 9.3.3): the snapshot would be taken now"], found);
        Assert.Equal(["(the snapshot would fail: RDS instance 'no-such-instance' does not exist in this account and region: check database.snapshot.instance)"], missing);
        Assert.All(recorder.Requests, r => Assert.Equal("DescribeDBInstances", r.Operation));
    }
}
