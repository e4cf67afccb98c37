using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Releases;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>
/// A promotion migrates production from the promoted release's commit, not from the checkout: real git, real Alembic,
/// real PostgreSQL. The checkout is one commit ahead of the staged release, with a revision production must not get yet.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PromotionMigrationTests(PostgresServer postgres) : IDisposable
{
    private const string Description = """
        app: shop
        migrations: { tool: alembic, directory: db }
        environments:
          staging:
            database: { connection: { env: STAGING_URL } }
          production:
            promotesFrom: staging
            database: { connection: { env: PRODUCTION_URL } }
        """;

    private const string ExtraRevision = """
        revision = "c3"
        down_revision = "b2"
        branch_labels = None
        depends_on = None


        def upgrade():
            from alembic import op
            import sqlalchemy as sa
            op.create_table("invoices", sa.Column("id", sa.Integer, primary_key=True))


        def downgrade():
            from alembic import op
            op.drop_table("invoices")
        """;

    private readonly string _checkout = Directory.CreateTempSubdirectory("deployer-promotion-").FullName;

    public void Dispose() => Directory.Delete(_checkout, recursive: true);

    /// <summary>The staged release's commit (migrations a1, b2), then the checkout one commit ahead (c3 added).</summary>
    private async Task<string> ArrangeCheckoutAsync()
    {
        var sample = AlembicSampleProject.Copy(withFailingRevision: false);
        Directory.Move(sample, Path.Combine(_checkout, "db"));
        File.WriteAllText(Path.Combine(_checkout, "deploy.yml"), Description);
        var released = await GitWorkTree.CommitAllAsync(_checkout, "orders");
        File.WriteAllText(Path.Combine(_checkout, "db", "versions", "c3_invoices.py"), ExtraRevision);
        await GitWorkTree.CommitAllAsync(_checkout, "invoices, not yet released");
        return released;
    }

    private async Task<(ReleaseResult? Result, IReadOnlyDictionary<string, string> Problems)> RunAsync(PlanInputs inputs, Dictionary<string, string> environment)
    {
        var description = ProviderModules.Loader.Load("deploy.yml", Description, environment).OrThrow();
        var plan = ProviderModules.Plan(description, inputs);
        using var providers = await new StandardProviders(environment, new SecretValues(), TimeProvider.System, ProviderOptions.Default)
            .CreateAsync(new ProviderRequest(description, plan, _checkout, false, (_, _) => { }), CancellationToken.None);
        if (providers.Problems.Count > 0) return (null, providers.Problems);
        return (await new PlanExecutor(providers.Handlers, new NullExecutionLog(), TimeProvider.System).ExecuteAsync(plan, CancellationToken.None), providers.Problems);
    }

    private static LedgerEntry Staged(string sha) =>
        new("41", new Release("shop", "staging", sha, PlanMode.Release, new Dictionary<string, string>(), new Dictionary<string, string>(), null, []),
            ReleaseStatus.Success, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Promoting_the_older_staging_release_leaves_production_at_that_releases_head_not_the_checkouts()
    {
        var released = await ArrangeCheckoutAsync();
        var staging = await postgres.CreateDatabaseAsync();
        var production = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["STAGING_URL"] = postgres.Url(staging).Reveal(), ["PRODUCTION_URL"] = postgres.Url(production).Reveal(),
        };

        var (release, _) = await RunAsync(new PlanInputs("staging", "HEAD"), environment);
        var (promotion, problems) = await RunAsync(new PlanInputs("production", "HEAD", PlanMode.Promotion, Staged(released).AsShipped()), environment);

        Assert.Equal(Outcome.Succeeded, release!.Outcome);
        Assert.Equal("c3", await postgres.ScalarAsync(staging, "select version_num from alembic_version"));
        Assert.Empty(problems);
        Assert.Equal(Outcome.Succeeded, promotion!.Outcome);
        Assert.Equal("b2", await postgres.ScalarAsync(production, "select version_num from alembic_version"));
    }

    [Fact]
    public async Task A_promotion_whose_release_commit_is_not_in_the_repository_is_refused_before_any_change_naming_the_commit_and_how_to_fetch_it()
    {
        await ArrangeCheckoutAsync();
        var production = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string> { ["STAGING_URL"] = "unused", ["PRODUCTION_URL"] = postgres.Url(production).Reveal() };
        const string missing = "feedfacefeedfacefeedfacefeedfacefeedface";

        var (result, problems) = await RunAsync(new PlanInputs("production", "HEAD", PlanMode.Promotion, Staged(missing).AsShipped()), environment);

        Assert.Null(result);
        var problem = Assert.Single(problems).Value;
        Assert.Contains($"promoted release's commit {missing}, which is not in the local repository", problem);
        Assert.Contains("fetch-depth: 0", problem);
        Assert.Equal(0L, await postgres.ScalarAsync(production, "select count(*) from information_schema.tables where table_name = 'alembic_version'"));
    }
}
