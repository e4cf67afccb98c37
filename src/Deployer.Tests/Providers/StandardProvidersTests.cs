using Deployer.Config;
using Deployer.Providers.Ecs;
using Deployer.Providers.Migrations;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Snapshots;
using Deployer.Secrets;

namespace Deployer.Tests.Providers;

/// <summary>Which handlers the standard providers hand out for snapshots and ECS-task migrations, executing and in a dry run.</summary>
public sealed class StandardProvidersTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB",
        ["AWS_SECRET_ACCESS_KEY"] = "stub-secret",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/",
    };

    private static async Task<ProviderSet> ProvidersAsync(bool dryRun)
    {
        var description = ProviderModules.Loader.Load("deploy.yml", """
            app: community
            images: { web: { context: . } }
            migrations: { tool: command, directory: ., runOn: ecsTask, image: web, command: [npm, run, migrate] }
            environments:
              production:
                aws: { account: "123456789012", region: us-east-1 }
                database:
                  connection: { secretsManager: community/production/database, key: url }
                  snapshot: { instance: community-production }
                cluster: community-production
                services: [{ name: web, image: web }]
            """, Environment).OrThrow();
        var plan = ProviderModules.Plan(description, new PlanInputs("production", "0123456789abcdef0123456789abcdef01234567"));
        return await new StandardProviders(Environment, new SecretValues(), TimeProvider.System, ProviderOptions.Default with { ContainerEngineName = "docker" })
            .CreateAsync(new ProviderRequest(description, plan, ".", dryRun, (_, _) => { }), CancellationToken.None);
    }

    [Fact]
    public async Task A_release_gets_the_snapshot_and_migration_task_handlers()
    {
        using var providers = await ProvidersAsync(dryRun: false);

        Assert.Contains(providers.Handlers, h => h is SnapshotStepHandler);
        Assert.Contains(providers.Handlers, h => h is EcsTaskMigrationStepHandler);
        Assert.Contains(providers.Handlers, h => h is EcsStepHandler);
    }

    [Fact]
    public async Task A_dry_run_only_previews_the_snapshot_and_runs_no_migration()
    {
        using var providers = await ProvidersAsync(dryRun: true);

        Assert.DoesNotContain(providers.Handlers, h => h is SnapshotStepHandler or EcsTaskMigrationStepHandler or MigrationStepHandler);
        Assert.Contains(providers.Previewers, p => p is SnapshotStepHandler);
    }
}
