using Deployer.Config;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers.Migrations;

/// <summary>The one place that picks the <see cref="IMigrator"/> for a runner migration's tool.</summary>
public static class Migrators
{
    /// <summary>Whether a migrator exists for <paramref name="spec"/> on the runner (ECS-task migrations have their own handler).</summary>
    public static bool RunsOnRunner(MigrationSpec spec) =>
        spec is { RunOn: MigrationRunner.Runner };

    /// <summary>
    /// The migrator for <paramref name="step"/>'s tool, with paths resolved against the description's folder. A
    /// <paramref name="readOnly"/> migrator is the dry run's: it must not change the database.
    /// </summary>
    public static IMigrator For(MigrateStep step, Secret connection, string descriptionDirectory, TimeProvider time, Action<string> output, bool readOnly = false) =>
        step.Spec.Tool switch
        {
            MigrationTool.Alembic => new AlembicMigrator(MigrationProjects.Alembic(step, connection, descriptionDirectory, readOnly), time, output),
            MigrationTool.EfCore => new EfCoreMigrator(MigrationProjects.EfCore(step, connection, descriptionDirectory), time, output),
            MigrationTool.Command => new CommandMigrator(new CommandProject(Path.GetFullPath(step.Spec.Directory, descriptionDirectory), step.Spec.Command, connection)
                { ConnectionVariable = step.Spec.ConnectionVariable }, time, output),
            var tool => throw new MigrationException($"No runner migrator for tool '{tool}' ({step.Id})."),
        };
}
