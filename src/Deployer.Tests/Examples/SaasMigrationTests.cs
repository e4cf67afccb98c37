using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Examples;

/// <summary>
/// The SaaS example's own migrations (examples/saas/backend) against a real PostgreSQL, with the app_migrator URL read
/// from Secrets Manager (moto) exactly as examples/saas/deploy.yml describes it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SaasMigrationTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly MotoServer _moto = new();
    private readonly BuildSurface _surface = new();
    private readonly string _example = Directory.CreateTempSubdirectory("deployer-saas-example-").FullName;
    private string _database = "";

    public async Task InitializeAsync()
    {
        // A copy of the example, whose migrations.python (.venv/bin/python beside the description) saas.yml's own
        // migration-setup makes there: the repository's examples stay as committed, and no half-made virtualenv of a run
        // cut short is reused.
        ReleaseWorldParts.CopyDirectory(Repository.PathOf("examples", "saas"), _example);
        await SeedCheckout.SetUpAsync("saas.yml", "migration-setup", _example);
        await _moto.InitializeAsync();
        _database = await postgres.CreateDatabaseAsync();
        foreach (var (name, value) in _moto.Environment()) _surface.Environment[name] = value;
        using var aws = AwsClients.FromEnvironment(_moto.Environment(), "me-south-1", TimeProvider.System);
        await aws.JsonClient(AwsService.SecretsManager).SendAsync("CreateSecret", new JsonObject
        {
            ["Name"] = "saas/staging/db/app_migrator",
            ["SecretString"] = new JsonObject { ["url"] = postgres.Url(_database).Reveal() }.ToJsonString(),
        }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _surface.Dispose();
        await _moto.DisposeAsync();
        Directory.Delete(_example, recursive: true);
    }

    private SurfaceResult Migrate(params string[] extra) =>
        _surface.Run(["Migrate", "--config", Path.Combine(_example, "deploy.yml"), "--environment", "staging", "--git-sha", new string('a', 40), .. extra]);

    [Fact]
    public async Task The_dry_run_shows_the_sql_that_would_run_and_leaves_the_database_unchanged()
    {
        var dryRun = Migrate("--dry-run");

        Assert.True(dryRun.ExitCode == 0, dryRun.All);
        Assert.Contains("~ database at <base> (empty); pending: 0001, 0002, 0003", dryRun.Out);
        Assert.Contains("+ CREATE TABLE tenants (", dryRun.Out);
        Assert.Contains("+ CREATE POLICY projects_tenant_isolation ON projects", dryRun.Out);
        Assert.Null(await postgres.ScalarAsync(_database, "select to_regclass('alembic_version')::text"));
        Assert.Null(await postgres.ScalarAsync(_database, "select to_regclass('tenants')::text"));
        Assert.DoesNotContain(postgres.Password, dryRun.All);
    }

    [Fact]
    public async Task The_migrations_bring_the_database_to_head_and_a_second_run_is_unchanged()
    {
        var first = Migrate();
        var second = Migrate();
        var dryRun = Migrate("--dry-run");

        Assert.True(first.ExitCode == 0, first.All);
        Assert.Contains("✓ migrate: Succeeded", first.All);
        Assert.Equal("0003", await postgres.ScalarAsync(_database, "select version_num from alembic_version"));
        Assert.Equal(true, await postgres.ScalarAsync(_database, "select relrowsecurity from pg_class where relname = 'projects'"));
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Contains("✓ migrate: Unchanged", second.All);
        Assert.Contains("(no change: the database is at 0003)", dryRun.Out);
        Assert.DoesNotContain(postgres.Password, first.All + second.All + dryRun.All + File.ReadAllText(_surface.ResultFile));
    }

    [Fact]
    public void Inside_github_actions_the_connection_read_from_secrets_manager_is_masked_the_moment_it_is_known()
    {
        _surface.Environment["GITHUB_ACTIONS"] = "true";
        _surface.Environment["GITHUB_OUTPUT"] = Path.Combine(_surface.Root, "github-output");
        _surface.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(_surface.Root, "github-summary");

        var run = Migrate();

        Assert.True(run.ExitCode == 0, run.All);
        var lines = run.All.Split('\n');
        var masks = lines.Where(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToArray();
        Assert.Contains($"::add-mask::{postgres.Url(_database).Reveal()}", masks);
        Assert.Contains($"::add-mask::{postgres.Password}", masks);
        var firstMask = Array.FindIndex(lines, l => l == $"::add-mask::{postgres.Password}");
        Assert.True(firstMask < Array.FindIndex(lines, l => l.Contains("upgrading", StringComparison.Ordinal)), run.All);
        Assert.DoesNotContain(postgres.Password, string.Join('\n', lines.Except(masks)) +
            File.ReadAllText(_surface.Environment["GITHUB_OUTPUT"]) + File.ReadAllText(_surface.Environment["GITHUB_STEP_SUMMARY"]));
    }
}
