using System.Collections.Concurrent;
using System.Diagnostics;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Providers.Migrations;
using Deployer.Secrets;
using Deployer.Tests.Support;
using static Deployer.Tests.Support.EfCoreSampleProject;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>
/// EF Core (dotnet-ef from the tool manifest, the Npgsql provider) against a real PostgreSQL cluster, one fresh database per
/// test. The sample's migrations: Customers, Orders, OrderTotalIndex (which fails when EFSAMPLE_FAIL=1).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class EfCoreMigratorTests(PostgresServer postgres, EfCoreSampleProject sample)
{
    private readonly ConcurrentQueue<string> _lines = new();

    [Fact]
    public async Task A_bundle_brings_an_empty_database_to_the_last_migration_and_a_second_run_is_unchanged()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = await MigratorAsync(database);
        Assert.Null(await migrator.CurrentAsync());

        var first = await migrator.UpgradeAsync();
        Assert.Equal((null, OrderTotalIndex, Outcome.Succeeded), (first.Before, first.After, first.Outcome));
        Assert.Equal([Customers, Orders, OrderTotalIndex], first.Applied);
        Assert.Equal(3L, await postgres.ScalarAsync(database, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal(2L, await postgres.ScalarAsync(database,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('customers', 'orders')"));
        Assert.Equal("IX_orders_Total", await postgres.ScalarAsync(database, "SELECT indexname::text FROM pg_indexes WHERE indexname = 'IX_orders_Total'"));
        Assert.Contains(_lines, l => l.Contains("with the migration bundle"));

        var second = await migrator.UpgradeAsync();
        Assert.Equal((OrderTotalIndex, OrderTotalIndex, Outcome.Unchanged), (second.Before, second.After, second.Outcome));
        Assert.Empty(second.Applied);
        AssertNoPassword();
    }

    [Fact]
    public async Task Dotnet_ef_database_update_stops_at_a_target_given_by_name_and_pending_lists_the_rest()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = await MigratorAsync(database, apply: EfCoreApply.DotnetEf);
        Assert.Equal([Customers, Orders, OrderTotalIndex], await migrator.PendingAsync());

        var result = await migrator.UpgradeAsync("Orders");
        Assert.Equal((null, Orders, Outcome.Succeeded), (result.Before, result.After, result.Outcome));
        Assert.Equal([Customers, Orders], result.Applied);
        Assert.Contains(_lines, l => l.Contains("with dotnet ef database update"));
        Assert.Equal([OrderTotalIndex], await migrator.PendingAsync());

        var rest = await migrator.UpgradeAsync();
        Assert.Equal((Orders, OrderTotalIndex, Outcome.Succeeded), (rest.Before, rest.After, rest.Outcome));
        Assert.Equal([OrderTotalIndex], rest.Applied);
        AssertNoPassword();
    }

    [Fact]
    public async Task The_dry_run_shows_the_pending_migrations_and_their_idempotent_script_and_changes_nothing()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = await MigratorAsync(database);

        var preview = await migrator.PreviewAsync();
        Assert.Null(preview.Current);
        Assert.Equal([Customers, Orders, OrderTotalIndex], preview.Pending);
        Assert.Contains("CREATE TABLE customers", preview.Sql);
        Assert.Contains("CREATE TABLE orders", preview.Sql);
        Assert.Contains($"IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{OrderTotalIndex}')", preview.Sql);
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.\"__EFMigrationsHistory\"')::text"));
        Assert.Equal(0L, await postgres.ScalarAsync(database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));

        await migrator.UpgradeAsync("Customers");
        var next = await migrator.PreviewAsync();
        Assert.Equal(Customers, next.Current);
        Assert.Equal([Orders, OrderTotalIndex], next.Pending);
        Assert.Contains("CREATE TABLE orders", next.Sql);
        Assert.DoesNotContain("CREATE TABLE customers", next.Sql);
        Assert.Equal(Customers, await postgres.ScalarAsync(database, "SELECT max(\"MigrationId\") FROM \"__EFMigrationsHistory\""));
        Assert.Equal(0L, await postgres.ScalarAsync(database, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'"));
        AssertNoPassword();
    }

    [Theory]
    [InlineData(EfCoreApply.Bundle)]
    [InlineData(EfCoreApply.DotnetEf)]
    public async Task A_failing_migration_stops_with_the_error_and_leaves_the_database_at_the_previous_migration(EfCoreApply apply)
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = await MigratorAsync(database, apply, failing: true);

        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.UpgradeAsync());
        Assert.Contains("relation \"no_such_table\" does not exist", error.Message);
        Assert.Contains($"in migration {OrderTotalIndex}", error.Message);
        Assert.Contains($"stays at {Orders}", error.Message);
        Assert.Equal((null, Orders, OrderTotalIndex), (error.Before, error.After, error.FailedRevision));
        Assert.Equal(2L, await postgres.ScalarAsync(database, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Assert.Equal("orders", await postgres.ScalarAsync(database, "SELECT to_regclass('public.orders')::text"));
        Assert.Null(await postgres.ScalarAsync(database, "SELECT indexname::text FROM pg_indexes WHERE indexname = 'IX_orders_Total'"));
        Assert.DoesNotContain(postgres.Password, error.Message);
        AssertNoPassword();
    }

    [Fact]
    public async Task A_second_run_waits_for_the_lock_held_by_the_first()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = await MigratorAsync(database);
        var held = await MigrationLock.AcquireAsync(postgres.Url(database), TimeSpan.FromSeconds(5), TimeProvider.System, _lines.Enqueue);

        var upgrade = migrator.UpgradeAsync();
        var watch = Stopwatch.StartNew();
        while (!_lines.Any(l => l.Contains("waiting for the migration lock")) && watch.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.Contains(_lines, l => l.Contains("waiting for the migration lock"));
        await Task.Delay(500);
        Assert.False(upgrade.IsCompleted);
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.\"__EFMigrationsHistory\"')::text"));

        await held.DisposeAsync();
        Assert.Equal(Outcome.Succeeded, (await upgrade).Outcome);
        Assert.Contains(_lines, l => l.Contains("migration lock acquired"));
    }

    [Fact]
    public async Task Two_concurrent_upgrades_are_serialized_one_migrates_the_other_finds_nothing_to_do()
    {
        var database = await postgres.CreateDatabaseAsync();
        var results = await Task.WhenAll((await MigratorAsync(database)).UpgradeAsync(), (await MigratorAsync(database)).UpgradeAsync());
        Assert.Equal([Outcome.Succeeded, Outcome.Unchanged], results.Select(r => r.Outcome).Order());
        Assert.All(results, r => Assert.Equal(OrderTotalIndex, r.After));
        Assert.Equal(3L, await postgres.ScalarAsync(database, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
        AssertNoPassword();
    }

    [Fact]
    public async Task An_Npgsql_key_value_connection_string_works_as_well_as_a_URL()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = new EfCoreMigrator(await sample.ProjectAsync(new Secret(postgres.NpgsqlConnectionString(database))), TimeProvider.System, _lines.Enqueue);
        Assert.Equal(Outcome.Succeeded, (await migrator.UpgradeAsync()).Outcome);
        Assert.Equal(OrderTotalIndex, await migrator.CurrentAsync());
        AssertNoPassword();
    }

    [Fact]
    public async Task The_connection_never_reaches_a_command_line_nor_the_output()
    {
        var migrator = new EfCoreMigrator(await sample.ProjectAsync(postgres.Url("no_such_database")), TimeProvider.System, _lines.Enqueue);
        var bundle = Path.Combine(Path.GetTempPath(), "efbundle");
        string[] commands = [migrator.Command("database", "update").ToString(), migrator.BundleCommand(bundle).ToString(),
            migrator.BundleRunCommand(bundle, Orders).ToString(), migrator.BuildCommand().ToString()];
        Assert.All(commands, c => Assert.DoesNotContain(postgres.Password, c));
        Assert.All(commands, c => Assert.DoesNotContain("--connection", c));

        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.UpgradeAsync());
        Assert.Contains("no_such_database", error.Message);
        Assert.DoesNotContain(postgres.Password, error.Message);
        Assert.DoesNotContain(_lines, l => l.Contains(postgres.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_target_names_the_migrations_the_project_has()
    {
        var migrator = await MigratorAsync(await postgres.CreateDatabaseAsync());
        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.UpgradeAsync("Invoices"));
        Assert.Equal("The project has no migration 'Invoices' (it has Customers, Orders, OrderTotalIndex).", error.Message);
    }

    [Fact]
    public async Task A_target_behind_the_database_is_refused_rather_than_reverted()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = await MigratorAsync(database);
        await migrator.UpgradeAsync();
        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.UpgradeAsync("Customers"));
        Assert.Contains("only migrates forward", error.Message);
        Assert.Equal(3L, await postgres.ScalarAsync(database, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task A_missing_prebuilt_bundle_is_named_before_anything_runs()
    {
        var project = await sample.ProjectAsync(postgres.Url("postgres")) with { Bundle = "/nonexistent/efbundle" };
        var error = await Assert.ThrowsAsync<MigrationException>(() => new EfCoreMigrator(project, TimeProvider.System, _lines.Enqueue).UpgradeAsync());
        Assert.StartsWith("The migration bundle /nonexistent/efbundle does not exist", error.Message);
        Assert.Empty(_lines);
    }

    private async Task<EfCoreMigrator> MigratorAsync(string database, EfCoreApply apply = EfCoreApply.Bundle, bool failing = false)
    {
        var project = await sample.ProjectAsync(postgres.Url(database)) with
        {
            Apply = apply,
            Environment = failing ? new Dictionary<string, string> { ["EFSAMPLE_FAIL"] = "1" } : new Dictionary<string, string>(),
        };
        return new EfCoreMigrator(project, TimeProvider.System, _lines.Enqueue);
    }

    private void AssertNoPassword()
    {
        Assert.NotEmpty(_lines);
        Assert.DoesNotContain(_lines, l => l.Contains(postgres.Password, StringComparison.Ordinal));
    }
}
