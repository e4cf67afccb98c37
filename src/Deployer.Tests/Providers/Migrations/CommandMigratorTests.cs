using System.Collections.Concurrent;
using System.Diagnostics;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Providers.Migrations;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Migrations;

/// <summary><c>tool: command</c> migrations on the runner (psql as the command) against a real PostgreSQL cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CommandMigratorTests(PostgresServer postgres)
{
    private const string CreateWidgets = """psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -c 'CREATE TABLE IF NOT EXISTS widgets (id int)'""";
    private readonly ConcurrentQueue<string> _lines = new();

    [Fact]
    public async Task I_can_migrate_with_a_command_that_receives_the_connection_in_its_variable()
    {
        var database = await postgres.CreateDatabaseAsync();
        var result = await Migrator(database, CreateWidgets).UpgradeAsync(null);
        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal("widgets", await postgres.ScalarAsync(database, "SELECT to_regclass('public.widgets')::text"));
        Assert.DoesNotContain(_lines, l => l.Contains(postgres.Password));
    }

    [Fact]
    public async Task A_failing_command_fails_the_migration_naming_its_exit_code_without_the_password()
    {
        var database = await postgres.CreateDatabaseAsync();
        var error = await Assert.ThrowsAsync<MigrationException>(() => Migrator(database, """echo "using $DATABASE_URL"; exit 3""").UpgradeAsync(null));
        Assert.Contains("exited with 3", error.Message);
        Assert.DoesNotContain(postgres.Password, error.Message);
        Assert.DoesNotContain(_lines, l => l.Contains(postgres.Password));
    }

    [Fact]
    public async Task A_command_migration_waits_for_the_migration_lock()
    {
        var database = await postgres.CreateDatabaseAsync();
        var held = await MigrationLock.AcquireAsync(postgres.Url(database), TimeSpan.FromSeconds(5), TimeProvider.System, _lines.Enqueue);
        var upgrade = Migrator(database, CreateWidgets).UpgradeAsync(null);
        var watch = Stopwatch.StartNew();
        while (!_lines.Any(l => l.Contains("waiting for the migration lock")) && watch.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.widgets')::text"));

        await held.DisposeAsync();
        Assert.Equal(Outcome.Succeeded, (await upgrade).Outcome);
        Assert.Equal("widgets", await postgres.ScalarAsync(database, "SELECT to_regclass('public.widgets')::text"));
    }

    [Fact]
    public async Task The_step_handler_runs_a_command_migration_and_the_dry_run_names_the_command_without_sql()
    {
        var database = await postgres.CreateDatabaseAsync();
        var step = new MigrateStep("migrate", [], new MigrationSpec { Tool = MigrationTool.Command, Directory = ".", Command = ["sh", "-c", CreateWidgets] },
            new SecretRef { Env = "DB" }, null, null, null);
        var environment = new Dictionary<string, string> { ["DB"] = postgres.Url(database).Reveal() };

        var previewer = new MigrationPreviewer(new SecretResolver(environment, new SecretValues(), null), Path.GetTempPath(), TimeProvider.System);
        Assert.True(previewer.Previews(step));
        var preview = await previewer.PreviewAsync(step, CancellationToken.None);
        Assert.Contains(preview, l => l.Contains("run 'sh -c psql"));
        Assert.Contains(preview, l => l.Contains("cannot preview its SQL"));
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.widgets')::text"));

        var handler = new MigrationStepHandler(new SecretResolver(environment, new SecretValues(), null), Path.GetTempPath(), TimeProvider.System, (_, l) => _lines.Enqueue(l));
        Assert.True(handler.Handles(step));
        var result = await handler.RunAsync(step, new ExecutionState(), CancellationToken.None);
        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal("widgets", await postgres.ScalarAsync(database, "SELECT to_regclass('public.widgets')::text"));
    }

    private CommandMigrator Migrator(string database, string script) =>
        new(new CommandProject(Path.GetTempPath(), ["sh", "-c", script], postgres.Url(database)) { LockTimeout = TimeSpan.FromSeconds(60) },
            TimeProvider.System, _lines.Enqueue);
}
