using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers.Migrations;

/// <summary>
/// The dry run of a migration: reads where the database is (Alembic over a read-only session; EF Core's history table)
/// and shows the pending revisions and the SQL that would run (Alembic offline mode; EF Core's idempotent script), or only
/// the revisions where SQL cannot be rendered. EF Core builds the project to know its migrations. Reading the
/// connection secret is the one secret a dry run reads, because "what SQL would run" depends on the database; the value is
/// never printed, and without it the preview says why the database was not compared.
/// </summary>
public sealed class MigrationPreviewer(SecretResolver secrets, string descriptionDirectory, TimeProvider time) : IStepPreviewer
{
    public bool Previews(Step step) => step is MigrateStep migrate && Migrators.RunsOnRunner(migrate.Spec);

    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        var migrate = (MigrateStep)step;
        Secret connection;
        try
        {
            connection = await secrets.ResolveAsync(migrate.Connection, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A dry run reports what it could not read and goes on; it never fails for want of read access.
            return [$"(database not compared: {e.Message})"];
        }
        var notes = new List<string>();
        try
        {
            var preview = await Migrators.For(migrate, connection, descriptionDirectory, time, notes.Add, readOnly: true)
                .PreviewAsync(migrate.Spec.Target, cancellationToken);
            return Render(preview, notes);
        }
        catch (MigrationException e)
        {
            return [$"(database not compared: {e.Message})"];
        }
    }

    /// <summary>The preview as diff lines: where the database is, what is pending, then the SQL (or why there is none).</summary>
    public static IReadOnlyList<string> Render(MigrationPreview preview, IReadOnlyList<string> notes)
    {
        var at = preview.Current ?? "<base> (empty)";
        if (preview.Pending.Count == 0) return [$"(no change: the database is at {at})"];
        var lines = new List<string> { $"~ database at {at}; pending: {string.Join(", ", preview.Pending)}" };
        if (preview.Sql is { Length: > 0 } sql)
        {
            lines.Add("~ SQL that would run:");
            lines.AddRange(sql.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Select(l => "+ " + l));
        }
        else
            lines.AddRange(notes.Select(n => $"({n})"));
        return lines;
    }
}
