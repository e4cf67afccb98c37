using System.Collections.Concurrent;
using System.Diagnostics;
using Deployer.Execution;
using Deployer.Providers.Migrations;
using Deployer.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>Alembic (Debian python3-alembic, python3-psycopg2) against a real PostgreSQL cluster, one fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AlembicMigratorTests(PostgresServer postgres) : IDisposable
{
    private readonly List<string> _copies = [];
    private readonly ConcurrentQueue<string> _lines = new();

    [Fact]
    public async Task Upgrade_brings_an_empty_database_to_head_and_a_second_run_is_unchanged()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = Migrator(database);
        Assert.Null(await migrator.CurrentAsync());

        var first = await migrator.UpgradeAsync();
        Assert.Equal((null, "b2", Outcome.Succeeded), (first.Before, first.After, first.Outcome));
        Assert.Equal(["a1", "b2"], first.Applied);
        Assert.Equal("b2", await postgres.ScalarAsync(database, "SELECT version_num FROM alembic_version"));
        Assert.Equal(2L, await postgres.ScalarAsync(database,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('customers', 'orders')"));

        var second = await migrator.UpgradeAsync();
        Assert.Equal(("b2", "b2", Outcome.Unchanged), (second.Before, second.After, second.Outcome));
        Assert.Empty(second.Applied);
        AssertNoPassword();
    }

    [Fact]
    public async Task Upgrade_to_a_given_revision_stops_there_and_pending_lists_the_rest()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = Migrator(database);
        Assert.Equal(["a1", "b2"], await migrator.PendingAsync());

        var result = await migrator.UpgradeAsync("a1");
        Assert.Equal((null, "a1", Outcome.Succeeded), (result.Before, result.After, result.Outcome));
        Assert.Equal(["b2"], await migrator.PendingAsync());
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.orders')::text"));
    }

    [Fact]
    public async Task Dry_run_renders_the_SQL_of_pending_migrations_and_changes_nothing()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = Migrator(database);

        var preview = await migrator.PreviewAsync();
        Assert.Null(preview.Current);
        Assert.Equal(["a1", "b2"], preview.Pending);
        Assert.Contains("CREATE TABLE customers", preview.Sql);
        Assert.Contains("CREATE TABLE orders", preview.Sql);
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.alembic_version')::text"));
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.customers')::text"));

        await migrator.UpgradeAsync("a1");
        var sql = await migrator.OfflineSqlAsync();
        Assert.Contains("CREATE TABLE orders", sql);
        Assert.DoesNotContain("CREATE TABLE customers", sql);
        Assert.Equal("a1", await postgres.ScalarAsync(database, "SELECT version_num FROM alembic_version"));
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.orders')::text"));
        AssertNoPassword();
    }

    [Fact]
    public async Task A_failing_revision_stops_with_the_error_and_leaves_the_database_at_the_previous_revision()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = Migrator(database, withFailingRevision: true);

        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.UpgradeAsync());
        Assert.Contains("no_such_table", error.Message);
        Assert.Contains("revision c3", error.Message);
        Assert.Contains("stays at b2", error.Message);
        Assert.Equal((null, "b2", "c3"), (error.Before, error.After, error.FailedRevision));
        Assert.Equal("b2", await postgres.ScalarAsync(database, "SELECT version_num FROM alembic_version"));
        Assert.Equal("orders", await postgres.ScalarAsync(database, "SELECT to_regclass('public.orders')::text"));
        Assert.DoesNotContain(postgres.Password, error.Message);
        AssertNoPassword();
    }

    [Fact]
    public async Task A_second_run_waits_for_the_lock_held_by_the_first()
    {
        var database = await postgres.CreateDatabaseAsync();
        var migrator = Migrator(database);
        var held = await MigrationLock.AcquireAsync(postgres.Url(database), TimeSpan.FromSeconds(5), TimeProvider.System, _lines.Enqueue);

        var upgrade = migrator.UpgradeAsync();
        var watch = Stopwatch.StartNew();
        while (!_lines.Any(l => l.Contains("waiting for the migration lock")) && watch.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        Assert.Contains(_lines, l => l.Contains("waiting for the migration lock"));
        await Task.Delay(500);
        Assert.False(upgrade.IsCompleted);
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.alembic_version')::text"));

        var released = DateTimeOffset.UtcNow;
        await held.DisposeAsync();
        var result = await upgrade;
        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Contains(_lines, l => l.Contains("migration lock acquired"));
        Assert.True(DateTimeOffset.UtcNow >= released);
    }

    [Fact]
    public async Task Two_concurrent_upgrades_are_serialized_one_migrates_the_other_finds_nothing_to_do()
    {
        var database = await postgres.CreateDatabaseAsync();
        var results = await Task.WhenAll(Migrator(database).UpgradeAsync(), Migrator(database).UpgradeAsync());
        Assert.Equal([Outcome.Succeeded, Outcome.Unchanged], results.Select(r => r.Outcome).Order());
        Assert.All(results, r => Assert.Equal("b2", r.After));
        AssertNoPassword();
    }

    [Fact]
    public async Task A_run_that_cannot_get_the_lock_fails_after_the_timeout()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var held = await MigrationLock.AcquireAsync(postgres.Url(database), TimeSpan.FromSeconds(5), TimeProvider.System, _lines.Enqueue);
        var migrator = Migrator(database, lockTimeout: TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.UpgradeAsync());
        Assert.Contains("Timed out", error.Message);
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.alembic_version')::text"));
    }

    [Fact]
    public async Task The_lock_wait_follows_the_runs_clock_so_its_timeout_passes_when_the_clock_does()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var held = await MigrationLock.AcquireAsync(postgres.Url(database), TimeSpan.FromSeconds(5), TimeProvider.System, _lines.Enqueue);
        var clock = new FakeTimeProvider();
        var upgrade = Migrator(database, lockTimeout: TimeSpan.FromMinutes(30), time: clock).UpgradeAsync();

        // Thirty minutes pass on the run's clock within seconds of wall time; a machine clock would keep it waiting.
        var watch = Stopwatch.StartNew();
        while (!upgrade.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20);
        }
        Assert.True(upgrade.IsCompleted, "the wait did not follow the run's clock");
        var error = await Assert.ThrowsAsync<MigrationException>(() => upgrade);
        Assert.Contains("Timed out after 00:30:00", error.Message);
        Assert.Null(await postgres.ScalarAsync(database, "SELECT to_regclass('public.alembic_version')::text"));
    }

    [Fact]
    public async Task Connection_errors_and_commands_never_show_the_password()
    {
        var migrator = new AlembicMigrator(new AlembicProject(Copy(false), postgres.Url("no_such_database")), TimeProvider.System, _lines.Enqueue);
        Assert.DoesNotContain(postgres.Password, migrator.Command("upgrade", "head").ToString());
        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.UpgradeAsync());
        Assert.Contains("no_such_database", error.Message);
        Assert.DoesNotContain(postgres.Password, error.Message);
        var current = await Assert.ThrowsAsync<MigrationException>(() => migrator.CurrentAsync());
        Assert.Contains("no_such_database", current.Message);
        Assert.DoesNotContain(postgres.Password, current.Message);
        Assert.DoesNotContain(_lines, l => l.Contains(postgres.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_python_names_the_Debian_packages()
    {
        var migrator = new AlembicMigrator(new AlembicProject(Copy(false), postgres.Url("postgres")) { Python = "/nonexistent/python3" }, TimeProvider.System, _lines.Enqueue);
        var error = await Assert.ThrowsAsync<MigrationException>(() => migrator.CurrentAsync());
        Assert.Contains("python3-alembic", error.Message);
        Assert.Contains("python3-psycopg2", error.Message);
    }

    private AlembicMigrator Migrator(string database, bool withFailingRevision = false, TimeSpan? lockTimeout = null, TimeProvider? time = null) =>
        new(new AlembicProject(Copy(withFailingRevision), postgres.Url(database)) { LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(60) },
            time ?? TimeProvider.System, _lines.Enqueue);

    /// <summary>A copy of the sample project (so tests can add the failing revision), deleted after the test.</summary>
    private string Copy(bool withFailingRevision)
    {
        var target = AlembicSampleProject.Copy(withFailingRevision);
        _copies.Add(target);
        return target;
    }

    private void AssertNoPassword()
    {
        Assert.NotEmpty(_lines);
        Assert.DoesNotContain(_lines, l => l.Contains(postgres.Password, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        foreach (var copy in _copies)
            try { Directory.Delete(copy, recursive: true); } catch (IOException) { }
    }
}
