using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers.Migrations;

/// <summary>A migrate step's tool project, with paths resolved against the description's folder; shared by the run and the dry run.</summary>
internal static class MigrationProjects
{
    public static AlembicProject Alembic(MigrateStep step, Secret connection, string descriptionDirectory, bool readOnly = false) =>
        new(Path.GetFullPath(step.Spec.Directory, descriptionDirectory), connection)
        {
            IniFile = step.Spec.Project ?? "alembic.ini",
            ConnectionVariable = step.Spec.ConnectionVariable,
            ReadOnly = readOnly,
            Python = PythonOf(step.Spec, descriptionDirectory),
            PythonSetting = step.Spec.Python,
        };

    /// <summary>The Python that runs Alembic: <c>migrations.python</c> resolved against the description's folder, else Debian's.</summary>
    public static string PythonOf(MigrationSpec spec, string descriptionDirectory) =>
        spec.Python is { } python ? Path.GetFullPath(python, descriptionDirectory) : AlembicProject.SystemPython;

    public static EfCoreProject EfCore(MigrateStep step, Secret connection, string descriptionDirectory) =>
        new(Path.GetFullPath(step.Spec.Directory, descriptionDirectory), connection)
        {
            Project = step.Spec.Project,
            ConnectionVariable = step.Spec.ConnectionVariable,
            Apply = step.Spec.Apply,
            Bundle = step.Spec.Bundle is { } bundle ? Path.GetFullPath(bundle, descriptionDirectory) : null,
        };
}
