using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers.Migrations;

/// <summary>
/// Runs Alembic or EF Core migrations on the runner as the release's gate: the connection string is read only now, the
/// before/after revisions are recorded, and a failure stops the release before any service is touched. Migrations are
/// never undone by a rollback. A promotion passes <paramref name="releaseDirectory"/>, the migration directory extracted
/// from the promoted release's commit, so production gets that release's revisions, not the checkout's.
/// </summary>
public sealed class MigrationStepHandler(SecretResolver secrets, string descriptionDirectory, TimeProvider time, Action<Step, string> log,
    string? releaseDirectory = null) : IStepHandler
{
    public bool Handles(Step step) => step is MigrateStep migrate && Migrators.RunsOnRunner(migrate.Spec);

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var migrate = releaseDirectory is null ? (MigrateStep)step : (MigrateStep)step with { Spec = ((MigrateStep)step).Spec with { Directory = releaseDirectory } };
        try
        {
            var connection = await secrets.ResolveAsync(migrate.Connection, cancellationToken);
            var result = await Migrators.For(migrate, connection, descriptionDirectory, time, line => log(step, line))
                .UpgradeAsync(migrate.Spec.Target, cancellationToken);
            var outputs = new Migrated(result.Before ?? "base", result.After ?? "base", result.Applied);
            return new StepResult(result.Outcome,
                result.Outcome == Outcome.Unchanged ? $"already at {result.After}" : $"{result.Before ?? "base"} → {result.After} ({string.Join(", ", result.Applied)})",
                outputs);
        }
        catch (Exception e) when (e is MigrationException or SecretResolutionException or Aws.AwsServiceException)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null); // an app rollback does not undo a schema change
}
