using System.Text.Json;
using Deployer.Tests.Ecs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Migrations;

/// <summary>Migrations as the release's gate, through the build surface: real PostgreSQL, real Alembic, the ECS simulator.</summary>
[Collection(PostgresCollection.Name)]
public class MigrationGateTests(PostgresServer postgres) : IDisposable
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
}
