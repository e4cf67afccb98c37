using Deployer.Execution;
using Deployer.Providers.Ecs;
using Deployer.Providers.Images;
using Deployer.Providers.Migrations;
using Deployer.Providers.Snapshots;
using Deployer.Providers.Verify;

namespace Deployer.Tests.Execution;

/// <summary>Typed step outputs render as the kebab-case names $GITHUB_OUTPUT and the JSON result carry.</summary>
public sealed class StepOutputTests
{
    [Fact]
    public void Outputs_render_as_kebab_case_names_with_lists_joined_and_nulls_left_out()
    {
        Assert.Equal(new Dictionary<string, string> { ["task-definition"] = "arn:7", ["previous-task-definition"] = "arn:6" },
            new ServiceDeployed("arn:7", "arn:6").Render());
        Assert.Equal(new Dictionary<string, string> { ["image"] = "r@sha256:1", ["digest"] = "sha256:1", ["tag"] = "abc" },
            new ImagePushed("r@sha256:1", "sha256:1", "abc").Render());
        Assert.Equal(new Dictionary<string, string> { ["before"] = "a1", ["after"] = "c3", ["applied"] = "b2 c3" },
            new Migrated("a1", "c3", ["b2", "c3"]).Render());
        Assert.Equal(new Dictionary<string, string> { ["before"] = "c3", ["after"] = "c3" }, new Migrated("c3", "c3", []).Render());
        Assert.Equal(new Dictionary<string, string> { ["task"] = "arn:task", ["exit-code"] = "0" }, new TaskRan("arn:task", 0).Render());
        Assert.Equal(new Dictionary<string, string> { ["instance"] = "db", ["snapshot"] = "s", ["snapshot-arn"] = "arn:s" }, new SnapshotTaken("db", "s", "arn:s").Render());
        Assert.Equal(new Dictionary<string, string> { ["urls"] = "https://a https://b" }, new Verified(["https://a", "https://b"]).Render());
    }

    [Fact]
    public void A_consumer_reads_the_output_of_its_producer_by_type_and_nothing_else()
    {
        var state = new ExecutionState();
        state.Record("push-image:api", new StepResult(Outcome.Succeeded, "pushed", new ImagePushed("r@sha256:1", "sha256:1", "abc")));

        Assert.Equal("r@sha256:1", state.OutputOf<ImagePushed>("push-image:api")?.Image);
        Assert.Null(state.OutputOf<ServiceDeployed>("push-image:api"));
        Assert.Null(state.OutputOf<ImagePushed>("push-image:worker"));
    }
}
