using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Migrations;
using Deployer.Releases;

namespace Deployer.Providers.Snapshots;

/// <summary>An RDS snapshot before migrating (<c>database.snapshot</c>): the migration waits until it is available.</summary>
public sealed class SnapshotsModule : IProviderModule
{
    public const string Id = "snapshot";

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(SnapshotDatabaseStep)];
    public IReadOnlyList<ISection> Sections { get; } = [];

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) =>
        MigrationsModule.Database.Of(environment)?.Snapshot is { Enabled: true };

    public void Plan(PlanContext context)
    {
        // A snapshot is the way back from a migration, so it is taken only where one runs (never for a rollback).
        if (context.Mode != PlanMode.Rollback && MigrationsModule.Migrations.Of(context.Description) is not null &&
            MigrationsModule.Database.Of(context.Environment)?.Snapshot is { Enabled: true } snapshot)
            context.Add(new SnapshotDatabaseStep("snapshot-database", [], snapshot.Instance), PlanPhase.Prepare);
    }

    public void Record(StepRecord record, ReleaseBuilder release) { }

    public bool NeedsAws(ProviderRequest request) => true;

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        if (context.Aws is { } aws)
        {
            var release = new SnapshotRelease(context.Plan.App, context.Plan.Environment, context.Plan.GitSha);
            var snapshots = new SnapshotStepHandler(aws.Rds, release, context.Time, context.Options.Snapshot, context.Request.Log);
            // A dry run only describes the instance: the handler, which creates snapshots, is not handed out.
            if (!context.DryRun) context.Add((IStepHandler)snapshots);
            context.Add((IStepPreviewer)snapshots);
        }
        return Task.CompletedTask;
    }
}
