using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Ecs;
using Deployer.Releases;

namespace Deployer.Providers.Migrations;

/// <summary>
/// Schema migrations (Alembic, EF Core) on the runner or as an ECS one-off task: the gate every target that serves
/// traffic waits for. A rollback never migrates.
/// </summary>
public sealed class MigrationsModule : IProviderModule
{
    public const string Id = "migrations";

    public static readonly Section<MigrationSpec?> Migrations =
        new(SectionScope.Description, "migrations", "Database migrations that run before any service is deployed.", null);

    public static readonly Section<DatabaseSpec?> Database =
        new(SectionScope.Environment, "database", "The environment's database: connection for migrations and snapshot before migrating.", null);

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(MigrateStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Migrations, Database];

    public IEnumerable<string> ImagesUsed(DeployDescription description, EnvironmentSpec environment) =>
        Migrations.Of(description) is { RunOn: MigrationRunner.EcsTask, Image: { } image } && Database.Of(environment) is not null ? [image] : [];

    public void Check(DescriptionCheck check)
    {
        if (Migrations.Of(check.Description) is not { } m) return;
        var d = check.Description;
        if (m.RunOn == MigrationRunner.EcsTask && m.Image is null) check.Report("migrations.image", "'runOn: ecsTask' needs the image the task runs");
        if (m.Image is not null) check.ImageReference(m.Image, "migrations.image");
        if (m.Tool == MigrationTool.Command && m.Command.Count == 0)
            check.Report("migrations.command", "'tool: command' needs the command to run");
        if (m.Python is not null && (m.Tool != MigrationTool.Alembic || m.RunOn != MigrationRunner.Runner))
            check.Report("migrations.python", "'python' is the interpreter that runs Alembic on the runner: it needs 'tool: alembic' and 'runOn: runner'");
        if (m.Bundle is not null && m.Tool != MigrationTool.EfCore)
            check.Report("migrations.bundle", "a migration bundle is an EF Core artifact: 'bundle' needs 'tool: efCore'");
        else if (m.Bundle is not null && m.Apply != EfCoreApply.Bundle)
            check.Report("migrations.bundle", "'apply: dotnetEf' runs dotnet ef database update and would ignore 'bundle'");
        foreach (var (name, env, path) in check.Environments.Where(e => Database.Of(e.Environment) is null && check.Deploys(e.Environment)))
            check.Report(path, "migrations are defined but this environment has no 'database' to run them against");
        if (m.RunOn != MigrationRunner.EcsTask) return;
        foreach (var (name, env, path) in check.Environments.Where(e => Database.Of(e.Environment) is not null))
        {
            var services = EcsModule.Services.Of(env);
            if (EcsModule.Cluster.Of(env) is null)
                check.Report(path, "'migrations.runOn: ecsTask' needs the environment's 'cluster'");
            if (Database.Of(env)?.Connection is { Env: { } variable })
                check.Report($"{path}.database.connection",
                    $"'migrations.runOn: ecsTask' gets the connection from ECS, which injects secrets from Secrets Manager or SSM only; 'env: {variable}' cannot reach the task");
            var borrowed = m.Service ?? services.FirstOrDefault(s => s.Image == m.Image)?.Name;
            if (borrowed is null || services.All(s => s.Name != borrowed))
                check.Report(m.Service is null ? path : "migrations.service",
                    $"the migration task borrows the network configuration of a service, but environment '{name}' has " +
                    (m.Service is null ? $"no service running image '{m.Image}'" : $"no service '{m.Service}'"));
        }
    }

    public void Plan(PlanContext context)
    {
        if (context.Mode == PlanMode.Rollback || Migrations.Of(context.Description) is not { } migrations || Database.Of(context.Environment) is not { } database)
            return;
        var env = context.Environment;
        var taskImage = migrations.RunOn == MigrationRunner.EcsTask && migrations.Image is { } image ? context.Images[image] : null;
        var taskService = taskImage is null ? null : migrations.Service ?? EcsModule.Services.Of(env).First(s => s.Image == migrations.Image).Name;
        context.Add(new MigrateStep("migrate", [], migrations, database.Connection, taskImage, EcsModule.Cluster.Of(env), taskService), PlanPhase.Gate);
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        // A failed migration may have applied some revisions: it is recorded so a rollback past it is refused.
        if (record.Step is MigrateStep migrate && record.Result.Outcome is Outcome.Succeeded or Outcome.Unchanged or Outcome.Failed)
        {
            var migrated = record.Result.OutputAs<Migrated>();
            release.Migration(new MigrationRecord(Text.Naming.CamelCase(migrate.Spec.Tool.ToString()),
                Revision(migrated?.Before), Revision(migrated?.After), migrated?.Applied ?? []));
        }
    }

    public void Publish(StepRecord record, Output.ActionOutputs outputs)
    {
        if (record.Step is not MigrateStep || record.Result.OutputAs<Migrated>() is not { } migrated) return;
        outputs.Set("migration-before", migrated.Before);
        outputs.Set("migration-after", migrated.After);
        outputs.Set("migrations-applied", string.Join(' ', migrated.Applied));
    }

    public bool NeedsAws(ProviderRequest request) =>
        request.Plan.Steps.OfType<MigrateStep>().Any(m => m.Connection.SecretsManager is not null || m.Connection.Ssm is not null || (!request.DryRun && m.Spec.RunOn == MigrationRunner.EcsTask));

    public async Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var migrations = context.Steps<MigrateStep>();
        var aws = context.Aws;
        // A dry run reads a runner migration's connection too, to show the SQL that would run against the database.
        var databaseSecrets = context.SecretResolver();
        if (MissingPython(migrations, context.Request.DescriptionDirectory) is { } missing) context.Problem(Id, missing);
        if (context.DryRun)
            context.Add(new MigrationPreviewer(databaseSecrets, context.Request.DescriptionDirectory, context.Time));
        else
        {
            var release = await ReleaseDirectoryAsync(context, migrations, cancellationToken).ConfigureAwait(false);
            context.Add(new MigrationStepHandler(databaseSecrets, context.Request.DescriptionDirectory, context.Time, context.Request.Log, release));
        }
        if (aws is not null && context.Plan.Aws is { } target && !context.DryRun && migrations.Any(m => m.Spec.RunOn == MigrationRunner.EcsTask))
        {
            var services = EcsModule.Services.Of(context.Request.Description.Environments[context.Plan.Environment]);
            var containers = services.ToDictionary(s => s.Name, s => s.Container ?? s.Name, StringComparer.Ordinal);
            context.Add(new EcsTaskMigrationStepHandler(aws.Ecs, aws.Ecr, new MigrationTaskTarget(context.Plan.App, context.Plan.Environment, target, containers),
                context.Time, context.Options.Polling, context.Options.MigrationTask, context.Request.Log));
        }
    }

    /// <summary>
    /// For a promotion's runner migration, the migration directory as the promoted release's commit holds it (null for a
    /// release, which migrates from its own checkout). A commit that cannot be read is a problem: the run stops before any change.
    /// </summary>
    private static async Task<string?> ReleaseDirectoryAsync(ProviderContext context, IReadOnlyList<MigrateStep> migrations, CancellationToken cancellationToken)
    {
        if (context.Plan.Mode != PlanMode.Promotion || migrations.FirstOrDefault(m => Migrators.RunsOnRunner(m.Spec)) is not { } migrate) return null;
        var directory = Path.GetFullPath(migrate.Spec.Directory, context.Request.DescriptionDirectory);
        var (tree, problem) = await ReleaseTree.ExtractAsync(directory, context.Plan.GitSha, cancellationToken).ConfigureAwait(false);
        if (problem is not null) context.Problem(Id, problem);
        return tree is null ? null : context.Own(tree).MigrationDirectory;
    }

    /// <summary>
    /// A <c>migrations.python</c> the runner does not have (its virtualenv not set up): refused before any change, as a
    /// description error would be, rather than found by the migrate step after the images were pushed.
    /// </summary>
    private static string? MissingPython(IReadOnlyList<MigrateStep> migrations, string descriptionDirectory) =>
        migrations.FirstOrDefault(m => m.Spec is { Tool: MigrationTool.Alembic, Python: not null } && Migrators.RunsOnRunner(m.Spec)) is { } migrate
        && !File.Exists(MigrationProjects.PythonOf(migrate.Spec, descriptionDirectory))
            ? AlembicProject.MissingPython(migrate.Spec.Python!)
            : null;

    private static string? Revision(string? value) => value is null or "base" ? null : value;
}
