using System.Text.Json;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;
using Deployer.Tests.Surface;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>Migrations as the release's gate, through the build surface: real PostgreSQL, real Alembic and EF Core, the ECS simulator.</summary>
[Collection(PostgresCollection.Name)]
public class MigrationGateTests(PostgresServer postgres, EfCoreSampleProject efCoreSample) : IDisposable
{
    private readonly List<string> _copies = [];

    public void Dispose()
    {
        foreach (var copy in _copies) Directory.Delete(copy, recursive: true);
    }

    private async Task<(EcsWorld World, string Database)> ArrangeAsync(bool failingRevision)
    {
        var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1);
        var database = await postgres.CreateDatabaseAsync();
        var project = AlembicSampleProject.Copy(failingRevision);
        _copies.Add(project);
        world.Surface.Environment["MIGRATOR_URL"] = postgres.Url(database).Reveal();
        world.Describe($$"""
            app: shop
            migrations: { tool: alembic, directory: {{project}} }
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                database: { connection: { env: MIGRATOR_URL } }
                cluster: shop
                services: [{ name: api, imageUri: "example/api:2", desiredCount: 1 }]
            """);
        return (world, database);
    }

    private static string[] Release(EcsWorld world) => ["DeployStaging", "--skip", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha];

    [Fact]
    public async Task Migrations_bring_the_database_to_head_before_the_services_deploy_and_a_rerun_is_unchanged()
    {
        var (world, database) = await ArrangeAsync(failingRevision: false);
        await using var _ = world;

        var first = world.Surface.Run(Release(world));
        using (var result = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile)))
        {
            var migrate = result.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "migrate");
            Assert.Equal("Succeeded", migrate.GetProperty("outcome").GetString());
            Assert.Equal("base", migrate.GetProperty("outputs").GetProperty("before").GetString());
        }
        var second = world.Surface.Run(Release(world));

        Assert.True(first.ExitCode == 0, first.All);
        Assert.Equal("b2", await postgres.ScalarAsync(database, "select version_num from alembic_version"));
        Assert.Equal(1, world.Count("UpdateService"));
        Assert.True(second.ExitCode == 0, second.All);
        Assert.True(second.All.Contains("✓ migrate: Unchanged"), second.All);
        Assert.True(second.All.Contains("Unchanged: Nothing changed"), second.All);
        Assert.DoesNotContain(postgres.Password, first.All + second.All + File.ReadAllText(world.Surface.ResultFile));
    }

    [Fact]
    public async Task A_failing_migration_stops_the_release_and_no_service_is_updated()
    {
        var (world, database) = await ArrangeAsync(failingRevision: true);
        await using var _ = world;

        var result = world.Surface.Run(Release(world));

        Assert.Equal(1, result.ExitCode);
        Assert.True(result.All.Contains("✗ migrate: Failed"), result.All);
        Assert.True(result.All.Contains("Failed: migrate failed"), result.All);
        Assert.Equal(0, world.Count("UpdateService"));
        Assert.Equal(0, world.Count("RegisterTaskDefinition") - 1);
        Assert.Equal("b2", await postgres.ScalarAsync(database, "select version_num from alembic_version"));
        using var json = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile));
        var deploy = json.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "deploy-ecs:api");
        Assert.Equal("NotRun", deploy.GetProperty("outcome").GetString());
        Assert.DoesNotContain(postgres.Password, result.All);
    }

    private async Task<(EcsWorld World, string Database)> ArrangeEfCoreAsync()
    {
        var world = await EcsWorld.StartAsync();
        await world.SeedServiceAsync("api", "example/api:1", 1);
        var database = await postgres.CreateDatabaseAsync();
        var bundle = (await efCoreSample.ProjectAsync(postgres.Url(database))).Bundle;
        world.Surface.Environment["MIGRATOR_URL"] = postgres.Url(database).Reveal();
        world.Describe($$"""
            app: shop
            migrations: { tool: efCore, directory: {{EfCoreSampleProject.Directory}}, bundle: {{bundle}} }
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                database: { connection: { env: MIGRATOR_URL } }
                cluster: shop
                services: [{ name: api, imageUri: "example/api:2", desiredCount: 1 }]
            """);
        return (world, database);
    }

    [Fact]
    public async Task EF_Core_migrations_run_from_the_bundle_before_the_services_deploy_and_a_rerun_is_unchanged()
    {
        var (world, database) = await ArrangeEfCoreAsync();
        await using var _ = world;

        var first = world.Surface.Run(Release(world));
        using (var result = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile)))
        {
            var migrate = result.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "migrate");
            Assert.Equal("Succeeded", migrate.GetProperty("outcome").GetString());
            Assert.Equal("base", migrate.GetProperty("outputs").GetProperty("before").GetString());
            Assert.Equal(EfCoreSampleProject.OrderTotalIndex, migrate.GetProperty("outputs").GetProperty("after").GetString());
        }
        var second = world.Surface.Run(Release(world));

        Assert.True(first.ExitCode == 0, first.All);
        Assert.Equal(3L, await postgres.ScalarAsync(database, "select count(*) from \"__EFMigrationsHistory\""));
        Assert.Equal(1, world.Count("UpdateService"));
        Assert.True(second.ExitCode == 0, second.All);
        Assert.True(second.All.Contains("✓ migrate: Unchanged"), second.All);
        Assert.DoesNotContain(postgres.Password, first.All + second.All + File.ReadAllText(world.Surface.ResultFile));
    }

    [Fact]
    public async Task A_failing_EF_Core_migration_stops_the_release_at_the_previous_migration_and_no_service_is_updated()
    {
        var (world, database) = await ArrangeEfCoreAsync();
        await using var _ = world;

        // The bundle inherits this process's environment; only tests in this (serial) collection read the variable.
        Environment.SetEnvironmentVariable("EFSAMPLE_FAIL", "1");
        SurfaceResult result;
        try { result = world.Surface.Run(Release(world)); }
        finally { Environment.SetEnvironmentVariable("EFSAMPLE_FAIL", null); }

        Assert.Equal(1, result.ExitCode);
        Assert.True(result.All.Contains("✗ migrate: Failed"), result.All);
        Assert.True(result.All.Contains($"in migration {EfCoreSampleProject.OrderTotalIndex}"), result.All);
        Assert.Equal(0, world.Count("UpdateService"));
        Assert.Equal(EfCoreSampleProject.Orders, await postgres.ScalarAsync(database, "select max(\"MigrationId\") from \"__EFMigrationsHistory\""));
        Assert.DoesNotContain(postgres.Password, result.All);
    }

    [Fact]
    public async Task The_EF_Core_dry_run_shows_the_pending_migrations_and_their_idempotent_script_and_changes_nothing()
    {
        var (world, database) = await ArrangeEfCoreAsync();
        await using var _ = world;

        var dryRun = world.Surface.Run([.. Release(world), "--dry-run"]);

        Assert.True(dryRun.ExitCode == 0, dryRun.All);
        Assert.Contains($"~ database at <base> (empty); pending: {EfCoreSampleProject.Customers}, {EfCoreSampleProject.Orders}, {EfCoreSampleProject.OrderTotalIndex}", dryRun.Out);
        Assert.Contains("+     CREATE TABLE customers (", dryRun.Out);
        Assert.Contains($"IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{EfCoreSampleProject.Customers}')", dryRun.Out);
        Assert.Null(await postgres.ScalarAsync(database, "select to_regclass('\"__EFMigrationsHistory\"')::text"));
        Assert.Equal(0, world.Count("UpdateService"));
        Assert.DoesNotContain(postgres.Password, dryRun.All);
    }
}
