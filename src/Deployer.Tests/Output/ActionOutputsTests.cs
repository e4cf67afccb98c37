using System.Text.Json;
using Deployer.Execution;
using Deployer.Output;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Ecs;
using Deployer.Providers.Images;
using Deployer.Providers.Migrations;
using Deployer.Config;

namespace Deployer.Tests.Output;

/// <summary>The outputs modules publish to the actions: collections by image or service, and the migration's revisions.</summary>
public sealed class ActionOutputsTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Collected_values_are_valid_json_whatever_they_hold()
    {
        var outputs = new ActionOutputs();
        outputs.Collect("digests", "odd", "quote\" back\\ tab\t");

        var (name, value) = Assert.Single(outputs.Render());

        Assert.Equal("digests", name);
        Assert.Equal("quote\" back\\ tab\t", JsonDocument.Parse(value).RootElement.GetProperty("odd").GetString());
    }

    [Fact]
    public void The_modules_publish_images_digests_task_definitions_and_the_migration_and_empty_collections_as_objects()
    {
        var image = new ImageRef("backend", "1.dkr.ecr.us-east-1.amazonaws.com/saas-backend", "5e1ec7ed");
        StepRecord Done(Step step, StepOutput output) => new(step, new StepResult(Outcome.Succeeded, "", output), At, At);
        var records = new[]
        {
            Done(new PushImageStep("push-image:backend", [], image, RegistryKind.Ecr), new ImagePushed($"{image.Repository}@sha256:aaa", "sha256:aaa", "5e1ec7ed")),
            Done(new MigrateStep("migrate", [], new MigrationSpec { Tool = MigrationTool.Alembic, Directory = "." }, new SecretRef { Env = "DB" }, null, null, null),
                new Migrated("a1", "b2", ["b2"])),
            Done(new DeployEcsServiceStep("deploy-ecs:api", [], "shop", new EcsServiceSpec { Name = "api", Image = "backend" }, image),
                new ServiceDeployed("arn:aws:ecs:us-east-1:1:task-definition/api:7", "arn:aws:ecs:us-east-1:1:task-definition/api:6")),
        };
        var outputs = new ActionOutputs();
        foreach (var module in ProviderModules.All)
        {
            foreach (var collection in module.ActionCollections) outputs.Declare(collection);
            foreach (var record in records) module.Publish(record, outputs);
        }

        var published = outputs.Render().ToDictionary(o => o.Name, o => o.Value);

        Assert.Equal("""{"backend":"1.dkr.ecr.us-east-1.amazonaws.com/saas-backend@sha256:aaa"}""", published["images"]);
        Assert.Equal("""{"backend":"sha256:aaa"}""", published["digests"]);
        Assert.Equal("""{"api":"arn:aws:ecs:us-east-1:1:task-definition/api:7"}""", published["task-definitions"]);
        Assert.Equal(("a1", "b2", "b2"), (published["migration-before"], published["migration-after"], published["migrations-applied"]));

        var nothing = new ActionOutputs();
        foreach (var module in ProviderModules.All) foreach (var collection in module.ActionCollections) nothing.Declare(collection);
        Assert.All(nothing.Render(), o => Assert.Equal("{}", o.Value));
    }
}
