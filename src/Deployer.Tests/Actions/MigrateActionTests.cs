using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Actions;

/// <summary>actions/migrate run as the runner runs it against real PostgreSQL and real Alembic.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrateActionTests(PostgresServer postgres, ITestOutputHelper output) : IDisposable
{
    private readonly List<string> _directories = [];
    private readonly List<CompositeActionRunner> _runners = [];

    public void Dispose()
    {
        foreach (var runner in _runners) runner.Dispose();
        foreach (var directory in _directories) Directory.Delete(directory, recursive: true);
    }

    /// <summary>A caller's repository holding the sample Alembic project, whose job sets MIGRATOR_URL from a secret.</summary>
    private async Task<(CompositeActionRunner Runner, string Database)> ArrangeAsync(bool failingRevision)
    {
        var database = await postgres.CreateDatabaseAsync();
        var project = AlembicSampleProject.Copy(failingRevision);
        _directories.Add(project);
        File.WriteAllText(Path.Combine(project, "deploy.yml"), """
            app: shop
            migrations: { tool: alembic, directory: . }
            environments:
              staging:
                database: { connection: { env: MIGRATOR_URL } }
            """);
        var runner = new CompositeActionRunner(Repository.PathOf("actions", "migrate")) { Workspace = project, Log = output.WriteLine };
        runner.Environment["MIGRATOR_URL"] = postgres.Url(database).Reveal();
        _runners.Add(runner);
        return (runner, database);
    }

    private static readonly Dictionary<string, string> Staging = new() { ["environment"] = "staging", ["git-sha"] = "5e1ec7ed0000000000000000000000000000c0de" };

    [Fact]
    public async Task Migrate_brings_the_database_to_head_and_publishes_the_revisions_and_a_rerun_is_unchanged()
    {
        var (runner, database) = await ArrangeAsync(failingRevision: false);

        var first = await runner.RunAsync(Staging);
        var second = await runner.RunAsync(Staging);

        Assert.True(first.Succeeded, first.Log);
        Assert.Equal("Succeeded", first.Output("outcome"));
        Assert.Equal("base", first.Output("migration-before"));
        Assert.Equal("b2", first.Output("migration-after"));
        Assert.Equal("a1 b2", first.Output("migrations-applied"));
        Assert.Equal("b2", await postgres.ScalarAsync(database, "select version_num from alembic_version"));
        Assert.True(second.Succeeded, second.Log);
        Assert.Equal("Unchanged", second.Output("outcome"));
        Assert.Equal("b2", second.Output("migration-before"));
        Assert.Equal("", second.Output("migrations-applied"));
        Assert.DoesNotContain(postgres.Password, first.Everything + second.Everything);
    }

    [Fact]
    public async Task A_failing_migration_fails_the_action_and_says_so()
    {
        var (runner, _) = await ArrangeAsync(failingRevision: true);

        var run = await runner.RunAsync(Staging);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Failed", run.Output("outcome"));
        Assert.Contains("Deployer: shop → staging: Failed", run.Summary);
        Assert.DoesNotContain(postgres.Password, run.Everything);
    }

    [Fact]
    public async Task Migrate_needs_an_environment()
    {
        var (runner, _) = await ArrangeAsync(failingRevision: false);

        var run = await runner.RunAsync(new Dictionary<string, string>());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["Input 'environment' is required."], run.Errors);
    }
}
