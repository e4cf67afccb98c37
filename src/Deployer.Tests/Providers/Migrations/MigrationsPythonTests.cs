using System.Diagnostics;
using Deployer.Config;
using Deployer.Providers.Migrations;
using Deployer.Tests.Examples;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>
/// <c>migrations.python</c>: Alembic runs with the Python the description names (a virtualenv the workflow set up), not
/// Debian's; one that is not there stops a release before any change, naming the setting.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationsPythonTests(PostgresServer postgres) : IDisposable
{
    private readonly string _checkout = Directory.CreateTempSubdirectory("deployer-migrations-python-").FullName;

    /// <summary>The sample Alembic project under db/ of a checkout, with a virtualenv at .venv made as <paramref name="arguments"/> say.</summary>
    private async Task<MigrateStep> CheckoutAsync(params string[] arguments)
    {
        var sample = AlembicSampleProject.Copy(withFailingRevision: false);
        Directory.Move(sample, Path.Combine(_checkout, "db"));
        using var venv = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "venv", "--without-pip", .. arguments, Path.Combine(_checkout, ".venv")]))!;
        await venv.WaitForExitAsync();
        Assert.Equal(0, venv.ExitCode);
        var spec = new MigrationSpec { Tool = MigrationTool.Alembic, Directory = "db", Python = ".venv/bin/python" };
        return new MigrateStep("migrate", [], spec, new SecretRef { Env = "DATABASE_URL" }, null, null, null);
    }

    [Fact]
    public async Task Alembic_runs_with_the_virtualenv_python_the_description_names()
    {
        var step = await CheckoutAsync("--system-site-packages");
        var database = await postgres.CreateDatabaseAsync();
        var lines = new List<string>();

        var result = await Migrators.For(step, postgres.Url(database), _checkout, TimeProvider.System, lines.Add).UpgradeAsync(null, CancellationToken.None);

        Assert.Equal("b2", result.After);
        Assert.Equal("b2", await postgres.ScalarAsync(database, "select version_num from alembic_version"));
        Assert.Equal(Path.Combine(_checkout, ".venv", "bin", "python"), MigrationProjects.Alembic(step, postgres.Url(database), _checkout).Python);
    }

    [Fact]
    public async Task A_virtualenv_without_alembic_is_named_by_its_setting_not_by_Debian_packages()
    {
        var step = await CheckoutAsync(); // no --system-site-packages: Debian's python3-alembic is not visible in it

        var error = await Assert.ThrowsAsync<MigrationException>(() =>
            Migrators.For(step, postgres.Url("postgres"), _checkout, TimeProvider.System, _ => { }).UpgradeAsync(null, CancellationToken.None));

        Assert.StartsWith("migrations.python: .venv/bin/python has no module alembic", error.Message);
        Assert.DoesNotContain(postgres.Password, error.Message);
    }

    [Fact]
    public async Task A_release_whose_virtualenv_was_not_set_up_stops_before_any_change_naming_migrations_python()
    {
        await using var world = await SaasReleaseWorld.StartAsync(postgres, setUpPython: false);

        var run = world.DeployStaging();

        Assert.True(run.ExitCode == 2, run.All);
        Assert.Contains("migrations.python: .venv/bin/python does not exist", run.All);
        Assert.Contains("nothing was changed", run.All);
        Assert.Equal(0L, await postgres.ScalarAsync(world.Databases["staging"], "select count(*) from information_schema.tables where table_name = 'alembic_version'"));
        foreach (var service in new[] { "backend", "worker" })
            Assert.Equal(world.SeededTaskDefinitions[$"saas-staging/{service}"], await world.LiveTaskDefinitionAsync("saas-staging", service));
    }

    [Fact]
    public void Python_is_refused_for_a_migration_that_does_not_run_Alembic_on_the_runner()
    {
        var description = """
            app: shop
            migrations: { tool: command, directory: db, command: [./migrate], python: .venv/bin/python }
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                database: { connection: { env: DATABASE_URL } }
            """;

        var loaded = Deployer.Providers.ProviderModules.Loader.Load("deploy.yml", description, new Dictionary<string, string>());

        Assert.Contains(loaded.Errors, e => e.Path == "migrations.python" && e.Message.Contains("'tool: alembic'", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_checkout, recursive: true);
}
