using Deployer.Providers;
using Deployer.Providers.Verify;
using Deployer.Providers.Snapshots;
using Deployer.Providers.Migrations;
using Deployer.Providers.Images;
using Deployer.Providers.Ecs;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Tests.Releases;

/// <summary>The release record is read off the step results of a finished run.</summary>
public class ReleaseFactsTests
{
    private const string Repo = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api";
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static StepRecord Done(Step step, Outcome outcome, StepOutput? output = null) =>
        new(step, new StepResult(outcome, "", output), At, At);

    [Fact]
    public void A_release_records_pushed_digests_task_definitions_the_migration_and_verified_urls()
    {
        var image = new ImageRef("api", Repo, "abc");
        var migrate = new MigrateStep("migrate", [], new MigrationSpec { Tool = MigrationTool.Alembic, Directory = "backend" },
            new SecretRef { Env = "DB" }, null, null, null);
        var deploy = new DeployEcsServiceStep("deploy-ecs:api", ["migrate"], "shop", new EcsServiceSpec { Name = "api", Image = "api" }, image);
        var verify = new VerifyStep("verify", [deploy.Id], [new VerifySpec { Name = "health", Url = "https://shop.example/health" }]);
        var plan = new DeployPlan("shop", "staging", "abc", PlanMode.Release, null, []);
        var result = new ReleaseResult(plan, Outcome.Succeeded, "", [
            Done(new PushImageStep("push-image:api", [], image, RegistryKind.Ecr), Outcome.Succeeded, new ImagePushed($"{Repo}@sha256:1111", "sha256:1111", "abc")),
            Done(migrate, Outcome.Succeeded, new Migrated("a1", "c3", ["b2", "c3"])),
            Done(deploy, Outcome.Succeeded, new ServiceDeployed("arn:aws:ecs:us-east-1:123456789012:task-definition/api:7", "arn:aws:ecs:us-east-1:123456789012:task-definition/api:6")),
            Done(verify, Outcome.Succeeded),
        ], At, At);

        var release = ReleaseFacts.From(result, ProviderModules.All);

        Assert.Equal(new Dictionary<string, string> { ["api"] = $"{Repo}@sha256:1111" }, release.Images);
        Assert.Equal(new Dictionary<string, string> { ["deploy-ecs:api"] = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:7" }, release.Targets);
        Assert.Equal(("alembic", "a1", "c3"), (release.Migration!.Tool, release.Migration.Before, release.Migration.After));
        Assert.Equal(["b2", "c3"], release.Migration.Applied);
        Assert.Equal(["https://shop.example/health"], release.Urls);
        Assert.Equal(ReleaseStatus.Success, ReleaseFacts.StatusOf(result.Outcome));
    }

    [Fact]
    public void A_rollback_records_the_digests_it_shipped_and_the_release_it_left()
    {
        var target = new LedgerEntry("7", new Release("shop", "production", "abc", PlanMode.Release, new Dictionary<string, string>(),
            new Dictionary<string, string>(), null, []), ReleaseStatus.Inactive, At);
        var deploy = new DeployEcsServiceStep("deploy-ecs:api", [], "shop", new EcsServiceSpec { Name = "api", Image = "api" },
            new ImageRef("api", Repo, "abc", "sha256:0007"));
        var plan = new DeployPlan("shop", "production", "abc", PlanMode.Rollback, null, [deploy]) { Source = target.AsShipped() };
        var result = new ReleaseResult(plan, Outcome.RolledBack, "", [Done(deploy, Outcome.RolledBack)], At, At);

        var release = ReleaseFacts.From(result, ProviderModules.All, replaces: "9");

        Assert.Equal($"{Repo}@sha256:0007", release.Images["api"]);
        Assert.Equal(("7", "9", PlanMode.Rollback), (release.Source, release.Replaces, release.Mode));
        Assert.Equal(ReleaseStatus.Failure, ReleaseFacts.StatusOf(result.Outcome));
    }
}
