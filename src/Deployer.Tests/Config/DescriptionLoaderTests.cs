using Deployer.Providers.Verify;
using Deployer.Providers.Snapshots;
using Deployer.Providers.Migrations;
using Deployer.Providers.Images;
using Deployer.Providers.Ecs;
using Deployer.Providers;
using Deployer.Config;

namespace Deployer.Tests.Config;

public class DescriptionLoaderTests
{
    private static readonly Dictionary<string, string> NoEnvironment = new();

    private const string Valid = """
        app: shop
        images:
          web:
            context: web
        environments:
          staging:
            aws: { account: "123456789012", region: eu-west-1 }
            cluster: shop-staging
            services:
              - name: web
                image: web
        """;

    [Fact]
    public void A_valid_description_loads_into_records_with_defaults()
    {
        var result = ProviderModules.Loader.Load("deploy.yml", Valid, NoEnvironment);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var service = EcsModule.Services.Of(result.Description!.Environments["staging"]).Single();
        Assert.Equal("web", service.Image);
        Assert.Equal(EcsStrategy.Rolling, service.Strategy);
        Assert.True(service.CircuitBreaker);
        Assert.Equal(30, service.TimeoutMinutes);
        Assert.Equal("linux/amd64", result.Description.Images["web"].Platform);
    }

    [Fact]
    public void Every_mistake_is_reported_at_once_with_its_line_and_path()
    {
        const string text = """
            app: shop
            images:
              backend:
                context: backend
                dockerfil: backend/Dockerfile
            environments:
              production:
                aws: { account: "123456789012", region: eu-west-1 }
                cluster: shop
                services:
                  - name: api
                    image: backend
                    desiredCount: two
                  - name: worker
                    image: backnd
                  - image: backend
            """;

        var result = ProviderModules.Loader.Load("deploy.yml", text, NoEnvironment);

        Assert.False(result.Succeeded);
        var lines = result.Errors.Select(e => e.ToString()).ToArray();
        Assert.Contains("deploy.yml:5:5: images.backend.dockerfil: unknown key 'dockerfil' (did you mean 'dockerfile'?)", lines);
        Assert.Contains("deploy.yml:13:23: environments.production.services[0].desiredCount: 'two' is not valid here: expected a whole number", lines);
        Assert.Contains("deploy.yml:15:9: environments.production.services[1].image: image 'backnd' is not defined in 'images' (did you mean 'backend'?)", lines);
        Assert.Contains("deploy.yml:16:9: environments.production.services[2]: missing required key 'name'", lines);
        Assert.Equal(4, result.Errors.Count);
    }

    [Fact]
    public void Wrong_shapes_and_enum_values_name_what_was_expected()
    {
        const string text = """
            app: [not, a, string]
            environments:
              staging:
                services:
                  name: web
                verify:
                  - name: home
                    url: ftp://example.com
                    expectStatus: 200
                registry: { kind: dockerhub }
            """;

        var errors = ProviderModules.Loader.Load("d.yml", text, NoEnvironment).Errors.Select(e => e.ToString()).ToArray();

        Assert.Contains("d.yml:1:6: app: expected a string, got a list", errors);
        Assert.Contains("d.yml:5:7: environments.staging.services: expected a list, got a mapping", errors);
        Assert.Contains("d.yml:10:23: environments.staging.registry.kind: 'dockerhub' is not valid here: expected one of ecr, oci, ssh", errors);
        Assert.Contains("d.yml:8:9: environments.staging.verify[0].url: 'ftp://example.com' is not an absolute http(s) URL", errors);
    }

    [Fact]
    public void Broken_yaml_is_rejected_with_its_position_and_no_exception()
    {
        const string text = "app: shop\nenvironments:\n  staging: {aws: [\n";

        var result = ProviderModules.Loader.Load("deploy.yml", text, NoEnvironment);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("deploy.yml:4:1: invalid YAML:", error.ToString());
        Assert.Throws<InvalidDescriptionException>(() => result.OrThrow());
    }

    [Fact]
    public void A_key_written_twice_is_invalid_yaml()
    {
        var result = ProviderModules.Loader.Load("deploy.yml", "app: a\napp: b\nenvironments: {}\n", NoEnvironment);

        Assert.Contains("invalid YAML", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void A_missing_file_says_how_to_name_one()
    {
        var result = ProviderModules.Loader.LoadFile("/nonexistent/deploy.yml", "deploy.yml", NoEnvironment);

        Assert.Equal("deploy.yml: the deploy description does not exist (pass --config PATH)", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Environment_variables_are_interpolated_and_unset_ones_are_errors()
    {
        const string text = """
            app: ${APP_NAME}
            environments:
              staging:
                aws: { account: "${ACCOUNT:-123456789012}", region: "${REGION}" }
                cluster: c
                services:
                  - name: web
                    imageUri: nginx:1.27
                    desiredCount: ${COUNT}
            """;
        var environment = new Dictionary<string, string> { ["APP_NAME"] = "shop", ["COUNT"] = "3" };

        var result = ProviderModules.Loader.Load("deploy.yml", text, environment);

        var error = Assert.Single(result.Errors);
        Assert.Equal("deploy.yml:4:57: environments.staging.aws.region: environment variable 'REGION' is not set (write ${REGION:-default} to give a default)", error.ToString());

        environment["REGION"] = "eu-west-1";
        var loaded = ProviderModules.Loader.Load("deploy.yml", text, environment).OrThrow();
        Assert.Equal("shop", loaded.App);
        Assert.Equal("123456789012", loaded.Environments["staging"].Aws!.Account);
        Assert.Equal(3, EcsModule.Services.Of(loaded.Environments["staging"])[0].DesiredCount);
    }

    [Fact]
    public void Secret_references_need_exactly_one_source()
    {
        const string text = """
            app: shop
            environments:
              staging:
                aws: { account: "123456789012", region: eu-west-1 }
                cluster: c
                services:
                  - name: web
                    imageUri: nginx:1.27
                    secrets:
                      DATABASE_URL: { secretsManager: shop/db, ssm: /shop/db }
                      API_KEY: { ssm: /shop/api, key: value }
            """;

        var errors = ProviderModules.Loader.Load("deploy.yml", text, new Dictionary<string, string>()).Errors.Select(e => e.ToString()).ToArray();

        Assert.Contains("deploy.yml:10:25: environments.staging.services[0].secrets.DATABASE_URL: a secret reference needs exactly one of 'secretsManager', 'ssm' or 'env'", errors);
        Assert.Contains("deploy.yml:11:38: environments.staging.services[0].secrets.API_KEY.key: 'key' only applies to 'secretsManager' references", errors);
    }

    [Fact]
    public void A_secret_written_inline_where_a_reference_belongs_is_refused_without_being_echoed()
    {
        const string text = """
            app: shop
            environments:
              staging:
                services:
                  - name: web
                    imageUri: nginx:1.27
                    secrets:
                      API_KEY: 1|sk_live_inline_token
            """;

        var errors = ProviderModules.Loader.Load("deploy.yml", text, new Dictionary<string, string>()).Errors.Select(e => e.ToString()).ToArray();

        Assert.Contains(errors, e => e.StartsWith("deploy.yml:8:20: environments.staging.services[0].secrets.API_KEY: expected a secret reference ({ env: NAME }", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("sk_live_inline_token", StringComparison.Ordinal));
    }

    [Fact]
    public void Cross_section_rules_are_checked_together()
    {
        const string text = """
            app: shop
            migrations: { tool: alembic, directory: backend }
            environments:
              staging:
                services:
                  - name: web
                    imageUri: nginx:1.27
                    strategy: canary
                    bakeMinutes: 5
              production:
                promotesFrom: stagin
                aws: { account: "1234", region: Europe }
            """;

        var errors = ProviderModules.Loader.Load("deploy.yml", text, NoEnvironment).Errors.Select(e => $"{e.Path}: {e.Message}").ToArray();

        Assert.Contains("environments.staging: migrations are defined but this environment has no 'database' to run them against", errors);
        Assert.Contains("environments.staging: this environment deploys to AWS (ECS, SAM, Amplify, S3, ECR or RDS) and needs 'aws' (account and region)", errors);
        Assert.Contains("environments.staging.services[0]: service 'web' has no cluster: set 'cluster' on it or on the environment", errors);
        Assert.Contains("environments.staging.services[0].canaryPercent: 'strategy: canary' needs 'canaryPercent'", errors);
        Assert.Contains("environments.production.promotesFrom: environment 'stagin' is not defined (did you mean 'staging'?)", errors);
        Assert.Contains("environments.production.aws.account: '1234' is not a 12-digit AWS account id", errors);
        Assert.Contains("environments.production.aws.region: 'Europe' is not an AWS region (e.g. us-east-1)", errors);
    }

    [Fact]
    public void A_migration_task_cannot_take_its_connection_from_the_runners_environment()
    {
        const string text = """
            app: shop
            images: { api: { context: . } }
            migrations: { tool: alembic, directory: backend, runOn: ecsTask, image: api }
            environments:
              production:
                aws: { account: "123456789012", region: us-east-1 }
                database: { connection: { env: MIGRATOR_URL } }
                cluster: shop
                services: [{ name: api, image: api }]
            """;

        var errors = ProviderModules.Loader.Load("deploy.yml", text, NoEnvironment).Errors.Select(e => $"{e.Path}: {e.Message}").ToArray();

        Assert.Equal(["environments.production.database.connection: 'migrations.runOn: ecsTask' gets the connection from ECS, which injects secrets " +
                      "from Secrets Manager or SSM only; 'env: MIGRATOR_URL' cannot reach the task"], errors);
    }

    [Fact]
    public void EF_Core_migrations_are_applied_by_a_bundle_unless_the_description_chooses_dotnet_ef()
    {
        static MigrationSpec Load(string migrations) => MigrationsModule.Migrations.Of(ProviderModules.Loader.Load("deploy.yml", $$"""
            app: shop
            migrations: {{migrations}}
            environments:
              staging: { database: { connection: { env: DATABASE_URL } } }
            """, NoEnvironment).Description!) ?? throw new InvalidOperationException("no migrations");

        Assert.Equal((EfCoreApply.Bundle, null), (Load("{ tool: efCore, directory: src/Shop }").Apply, Load("{ tool: efCore, directory: src/Shop }").Bundle));
        Assert.Equal(EfCoreApply.DotnetEf, Load("{ tool: efCore, directory: src/Shop, apply: dotnetEf }").Apply);
        Assert.Equal("artifacts/efbundle", Load("{ tool: efCore, directory: src/Shop, bundle: artifacts/efbundle }").Bundle);
    }

    [Fact]
    public void A_bundle_is_only_for_EF_Core_applied_by_bundle()
    {
        string[] Errors(string migrations) => ProviderModules.Loader.Load("deploy.yml", $$"""
            app: shop
            migrations: {{migrations}}
            environments:
              staging: { database: { connection: { env: DATABASE_URL } } }
            """, NoEnvironment).Errors.Select(e => $"{e.Path}: {e.Message}").ToArray();

        Assert.Equal(["migrations.bundle: a migration bundle is an EF Core artifact: 'bundle' needs 'tool: efCore'"],
            Errors("{ tool: alembic, directory: db, bundle: efbundle }"));
        Assert.Equal(["migrations.bundle: 'apply: dotnetEf' runs dotnet ef database update and would ignore 'bundle'"],
            Errors("{ tool: efCore, directory: src/Shop, apply: dotnetEf, bundle: efbundle }"));
    }
}
