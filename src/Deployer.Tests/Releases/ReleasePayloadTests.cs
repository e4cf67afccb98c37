using System.Text.Json.Nodes;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Tests.Releases;

public sealed class ReleasePayloadTests
{
    private static readonly Release Promotion = new("shop", "production", "4444444444444444444444444444444444444444", PlanMode.Promotion,
        new Dictionary<string, string> { ["worker"] = "r/shop@sha256:bb", ["api"] = "r/shop@sha256:aa" },
        new Dictionary<string, string> { ["deploy-ecs:api"] = "arn:aws:ecs:eu-west-1:1:task-definition/api:7" },
        new MigrationRecord("alembic", "0003", "0004", ["0004"]), ["https://shop.example"], Source: "41");

    [Fact]
    public void The_payload_has_stable_camelCase_names_and_sorted_maps()
    {
        const string expected =
            """{"deployer":1,"app":"shop","environment":"production","gitSha":"4444444444444444444444444444444444444444","mode":"promotion","images":{"api":"r/shop@sha256:aa","worker":"r/shop@sha256:bb"},"targets":{"deploy-ecs:api":"arn:aws:ecs:eu-west-1:1:task-definition/api:7"},"migration":{"tool":"alembic","before":"0003","after":"0004","applied":["0004"]},"urls":["https://shop.example"],"source":"41","replaces":null}""";
        Assert.Equal(expected,
            ReleasePayload.ToJson(Promotion).ToJsonString());
    }

    [Fact]
    public void A_payload_reads_back_as_the_release_it_was()
    {
        var back = ReleasePayload.Parse(JsonNode.Parse(ReleasePayload.ToJson(Promotion).ToJsonString()))!;

        Releases.AssertSame(Promotion, back);
        Assert.Equal(("41", null), (back.Source, back.Replaces));
    }

    [Fact]
    public void A_payload_recorded_before_targets_existed_reads_its_task_definitions_as_the_ecs_targets()
    {
        var legacy = ReleasePayload.ToJson(Promotion);
        legacy.Remove("targets");
        legacy["taskDefinitions"] = new JsonObject { ["api"] = "arn:aws:ecs:eu-west-1:1:task-definition/api:7" };

        var back = ReleasePayload.Parse(JsonNode.Parse(legacy.ToJsonString()))!;

        Releases.AssertSame(Promotion, back);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("\"\"")]
    [InlineData("""{"deployer":"1","app":"shop","environment":"staging","gitSha":"a","mode":"release"}""")]
    [InlineData("""{"deployer":2,"app":"shop","environment":"staging","gitSha":"a","mode":"release"}""")]
    [InlineData("""{"deployer":1,"environment":"staging","gitSha":"a","mode":"release"}""")]
    [InlineData("""{"deployer":1,"app":"shop","environment":"staging","gitSha":"a","mode":"redeploy"}""")]
    [InlineData("""{"deployer":1,"app":"shop","environment":"staging","gitSha":"a","mode":"release","images":["x"]}""")]
    [InlineData("""{"deployer":1,"app":"shop","environment":"staging","gitSha":"a","mode":"release","migration":"0004"}""")]
    public void Payloads_that_are_not_a_Deployer_release_read_as_none(string json) =>
        Assert.Null(ReleasePayload.Parse(JsonNode.Parse(json)));

    [Fact]
    public void Missing_maps_and_lists_read_as_empty()
    {
        var release = ReleasePayload.Parse(JsonNode.Parse("""{"deployer":1,"app":"site","environment":"production","gitSha":"a","mode":"rollback","replaces":"9"}"""))!;

        Assert.Equal((PlanMode.Rollback, 0, 0, 0, "9"), (release.Mode, release.Images.Count, release.Targets.Count, release.Urls.Count, release.Replaces));
    }
}
