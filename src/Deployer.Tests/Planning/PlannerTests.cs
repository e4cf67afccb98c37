using Deployer.Providers.Verify;
using Deployer.Providers.Snapshots;
using Deployer.Providers.Migrations;
using Deployer.Providers.Images;
using Deployer.Providers.Ecs;
using Deployer.Providers;
using Deployer.Config;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Tests.Planning;

public class PlannerTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static DeployDescription Shop(string extra = "") => ProviderModules.Loader.Load("deploy.yml", $$"""
        app: shop
        images:
          backend: { context: backend }
          unused: { context: tools }
        migrations: { tool: alembic, directory: backend }
        environments:
          staging:
            aws: { account: "123456789012", region: eu-west-1 }
            cluster: shop-staging
            database:
              connection: { secretsManager: shop/staging/migrator, key: url }
              snapshot: { instance: shop-staging-db }
            services:
              - { name: api, image: backend }
              - { name: worker, image: backend, command: [celery, worker] }
            vercel:
              - { project: shop-web, directory: web }
            verify:
              - { name: health, url: "https://staging.shop.example/health" }
          production:
            promotesFrom: staging
            aws: { account: "123456789012", region: eu-west-1 }
            cluster: shop-production
            database:
              connection: { secretsManager: shop/production/migrator, key: url }
            services:
              - { name: api, image: backend }
        {{extra}}
        """, new Dictionary<string, string>()).OrThrow();

    [Fact]
    public void A_release_builds_pushes_snapshots_migrates_then_deploys_in_parallel_and_verifies()
    {
        var plan = ProviderModules.Plan(Shop(), new PlanInputs("staging", Sha));

        var stages = plan.Stages.Select(stage => stage.Select(s => s.Id).ToArray()).ToArray();
        Assert.Equal(
            [
                ["build-image:backend", "snapshot-database"],
                ["push-image:backend"],
                ["migrate"],
                ["deploy-ecs:api", "deploy-ecs:worker", "deploy-vercel:shop-web"],
                ["verify"],
            ],
            stages);
        var push = Assert.IsType<PushImageStep>(plan.Steps.Single(s => s.Id == "push-image:backend"));
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend:" + Sha, push.Image.ToString());
        Assert.Equal(["push-image:backend", "snapshot-database"], plan.Steps.Single(s => s.Id == "migrate").DependsOn);
    }

    [Fact]
    public void Only_images_the_environment_deploys_are_built()
    {
        var plan = ProviderModules.Plan(Shop(), new PlanInputs("production", Sha));

        Assert.DoesNotContain(plan.Steps, s => s.Id.Contains("unused"));
        Assert.DoesNotContain(plan.Steps, s => s is SnapshotDatabaseStep);
    }

    [Fact]
    public void A_promotion_retags_the_verified_digests_and_builds_nothing()
    {
        var plan = ProviderModules.Plan(Shop(), new PlanInputs("production", Sha, PlanMode.Promotion));

        Assert.DoesNotContain(plan.Steps, s => s is BuildImageStep or PushImageStep);
        var promote = Assert.IsType<PromoteImageStep>(plan.Steps.First());
        Assert.Equal("staging", promote.FromEnvironment);
        Assert.Equal(["migrate"], plan.Steps.Single(s => s.Id == "deploy-ecs:api").DependsOn);
    }

    [Fact]
    public void A_rollback_never_migrates()
    {
        var plan = ProviderModules.Plan(Shop(), new PlanInputs("production", Sha, PlanMode.Rollback));

        Assert.Equal(["deploy-ecs:api"], plan.Steps.Select(s => s.Id));
        Assert.Empty(plan.Steps[0].DependsOn);
    }

    private static LedgerEntry Recorded(string id, string environment, string sha, string digest) =>
        new(id, new Release("shop", environment, sha, PlanMode.Release,
            new Dictionary<string, string> { ["backend"] = $"123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend@{digest}" },
            new Dictionary<string, string>(), null, []), ReleaseStatus.Success, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_promotion_ships_the_digest_and_commit_of_the_source_release()
    {
        var source = Recorded("41", "staging", "feedfacefeedfacefeedfacefeedfacefeedface", "sha256:aaaa");
        var plan = ProviderModules.Plan(Shop(), new PlanInputs("production", Sha, PlanMode.Promotion, source.AsShipped()));

        var promote = Assert.IsType<PromoteImageStep>(plan.Steps.First());
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend@sha256:aaaa", promote.Source);
        Assert.Equal("41", promote.SourceRelease);
        Assert.Equal("feedfacefeedfacefeedfacefeedfacefeedface", promote.Image.Tag);
        Assert.Equal("feedfacefeedfacefeedfacefeedfacefeedface", plan.GitSha);
        Assert.Equal(source.AsShipped(), plan.Source);
    }

    [Fact]
    public void A_rollback_deploys_the_recorded_digests_without_building_or_migrating()
    {
        var target = Recorded("7", "production", "feedfacefeedfacefeedfacefeedfacefeedface", "sha256:bbbb");
        var plan = ProviderModules.Plan(Shop(), new PlanInputs("production", Sha, PlanMode.Rollback, target.AsShipped()));

        var deploy = Assert.IsType<DeployEcsServiceStep>(Assert.Single(plan.Steps));
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-backend@sha256:bbbb", deploy.Image!.ToString());
        Assert.Equal("feedfacefeedfacefeedfacefeedfacefeedface", plan.GitSha);
    }

    [Fact]
    public void A_source_release_without_an_image_the_environment_needs_is_refused()
    {
        var source = Recorded("41", "staging", Sha, "sha256:aaaa") is var e ? e with { Release = e.Release with { Images = new Dictionary<string, string>() } } : null;

        var error = Assert.Throws<PlanningException>(() => ProviderModules.Plan(Shop(), new PlanInputs("production", Sha, PlanMode.Promotion, source.AsShipped())));

        Assert.Equal("Release 41 of staging has no image 'backend', which production deploys; it cannot be promoted.", error.Message);
    }

    [Fact]
    public void Promoting_into_an_environment_without_a_source_is_refused()
    {
        var error = Assert.Throws<PlanningException>(() => ProviderModules.Plan(Shop(), new PlanInputs("staging", Sha, PlanMode.Promotion)));

        Assert.Equal("Environment 'staging' has no 'promotesFrom', so there is nothing to promote into it.", error.Message);
    }

    [Fact]
    public void An_unknown_environment_is_named_with_a_suggestion()
    {
        var error = Assert.Throws<PlanningException>(() => ProviderModules.Plan(Shop(), new PlanInputs("prodution", Sha)));

        Assert.Equal("Environment 'prodution' is not defined in the deploy description (did you mean 'production'?). Defined: staging, production.", error.Message);
    }

    [Fact]
    public void Selecting_a_slice_keeps_only_dependencies_inside_it()
    {
        var plan = ProviderModules.Plan(Shop(), new PlanInputs("staging", Sha)).Select(s => s is DeployEcsServiceStep);

        Assert.Equal(["deploy-ecs:api", "deploy-ecs:worker"], plan.Steps.Select(s => s.Id));
        Assert.All(plan.Steps, s => Assert.Empty(s.DependsOn));
        Assert.Single(plan.Stages);
    }
}
