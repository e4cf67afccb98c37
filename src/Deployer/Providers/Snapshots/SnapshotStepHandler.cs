using Deployer.Aws;
using Deployer.Aws.Rds;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Snapshots;

/// <summary>What a release is, for naming and tagging its snapshot.</summary>
public sealed record SnapshotRelease(string App, string Environment, string GitSha);

/// <summary>
/// Runs <see cref="SnapshotDatabaseStep"/>s: a manual RDS snapshot, named after the release and tagged with it, that
/// the migration waits for. A snapshot that cannot be taken fails the step, so the migration does not run. Snapshots
/// are kept: they are the way back from a migration, and nothing here deletes them.
/// </summary>
public sealed class SnapshotStepHandler(IRdsApi rds, SnapshotRelease release, TimeProvider time, SnapshotOptions options, Action<Step, string> log)
    : IStepHandler, IStepPreviewer
{
    public bool Handles(Step step) => step is SnapshotDatabaseStep;

    public bool Previews(Step step) => step is SnapshotDatabaseStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var instance = ((SnapshotDatabaseStep)step).Instance;
        var snapshotId = SnapshotName.For(release.App, release.Environment, instance, time.GetUtcNow());
        try
        {
            return await new DatabaseSnapshot(rds, time, options, message => log(step, message)).TakeAsync(instance, snapshotId, Tags(), cancellationToken);
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException or InvalidDataException)
        {
            return new StepResult(Outcome.Failed, $"snapshot of RDS instance '{instance}' failed: {e.Message}",
                new SnapshotTaken(instance));
        }
    }

    /// <summary>A snapshot is not undone by a failed release: it is what a failed release is undone with.</summary>
    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null);

    /// <summary>A dry run reads the instance and says whether the snapshot would be taken.</summary>
    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        var instance = ((SnapshotDatabaseStep)step).Instance;
        try
        {
            var found = await rds.DescribeDbInstanceAsync(instance, cancellationToken);
            var decision = DatabaseSnapshotDecision.Evaluate(new SnapshotObservation(instance, found, "", null, false, TimeSpan.Zero, options.Timeout));
            var engine = found?.Engine is { } name ? $" ({name}{(found.EngineVersion is { } v ? " " + v : "")})" : "";
            return decision.Verdict switch
            {
                SnapshotVerdict.Create => [$"{decision.Reason}{engine}: the snapshot would be taken now"],
                SnapshotVerdict.Wait => [$"{decision.Reason}{engine}"],
                _ => [$"(the snapshot would fail: {decision.Reason})"],
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [$"(live state not read: {e.Message})"];
        }
    }

    private IReadOnlyList<RdsTag> Tags() =>
    [
        new("deployer:app", release.App),
        new("deployer:environment", release.Environment),
        new("deployer:git-sha", release.GitSha),
    ];
}
