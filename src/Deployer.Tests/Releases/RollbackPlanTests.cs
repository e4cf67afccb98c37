using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Tests.Releases;

/// <summary>Where a rollback goes, read off an environment's history (newest first).</summary>
public class RollbackPlanTests
{
    private static LedgerEntry Entry(string id, string digest, ReleaseStatus status, string[]? applied = null, string? replaces = null) =>
        new(id, new Release("shop", "production", $"{id}000000", replaces is null ? PlanMode.Release : PlanMode.Rollback,
                new Dictionary<string, string> { ["api"] = $"registry/shop-api@sha256:{digest}" }, new Dictionary<string, string>(),
                applied is null ? null : new MigrationRecord("alembic", "a1", applied[^1], applied), [], Replaces: replaces),
            status, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_rollback_returns_to_the_newest_earlier_success()
    {
        var history = new[] { Entry("3", "c", ReleaseStatus.Success), Entry("2", "b", ReleaseStatus.Inactive), Entry("1", "a", ReleaseStatus.Inactive) };

        var decision = RollbackPlan.Decide(history, "production", force: false);

        Assert.Equal(("2", "3", null), (decision.Entry?.Id, decision.Replaces, decision.Refusal));
    }

    [Fact]
    public void Failed_releases_and_releases_with_the_same_images_are_skipped()
    {
        var history = new[]
        {
            Entry("5", "c", ReleaseStatus.Success), Entry("4", "x", ReleaseStatus.Failure),
            Entry("3", "c", ReleaseStatus.Inactive), Entry("2", "b", ReleaseStatus.Inactive),
        };

        Assert.Equal("2", RollbackPlan.Decide(history, "production", force: false).Entry?.Id);
    }

    [Fact]
    public void A_second_rollback_goes_further_back_instead_of_undoing_the_first()
    {
        // 4 rolled 3 back to 2; rolling back again must not return to 3.
        var history = new[]
        {
            Entry("4", "b", ReleaseStatus.Success, replaces: "3"), Entry("3", "c", ReleaseStatus.Inactive),
            Entry("2", "b", ReleaseStatus.Inactive), Entry("1", "a", ReleaseStatus.Inactive),
        };

        Assert.Equal("1", RollbackPlan.Decide(history, "production", force: false).Entry?.Id);
    }

    [Fact]
    public void A_rollback_across_a_recorded_migration_is_refused_with_the_reason()
    {
        var history = new[] { Entry("3", "c", ReleaseStatus.Success, applied: ["c3"]), Entry("2", "b", ReleaseStatus.Inactive) };

        var decision = RollbackPlan.Decide(history, "production", force: false);

        Assert.Equal(
            "rolling production back to release 2 (2000000) is refused: release 3 (3000000) applied alembic c3. " +
            "Migrations are never undone, so the older code would run against a newer schema. " +
            "Make sure that code works with the schema, then pass --force to roll back anyway.",
            decision.Refusal);
    }

    [Fact]
    public void Force_rolls_back_across_the_migration()
    {
        var history = new[] { Entry("3", "c", ReleaseStatus.Success, applied: ["c3"]), Entry("2", "b", ReleaseStatus.Inactive) };

        var decision = RollbackPlan.Decide(history, "production", force: true);

        Assert.Equal(("2", null), (decision.Entry?.Id, decision.Refusal));
    }

    [Fact]
    public void A_failed_run_that_migrated_after_the_current_release_also_blocks()
    {
        var history = new[]
        {
            Entry("4", "d", ReleaseStatus.Failure, applied: ["d4"]), Entry("3", "c", ReleaseStatus.Success), Entry("2", "b", ReleaseStatus.Inactive),
        };

        Assert.Contains("release 4 (4000000) applied alembic d4", RollbackPlan.Decide(history, "production", force: false).Refusal);
    }

    [Theory]
    [InlineData(new string[0], "production has no successful release in the ledger, so there is nothing to roll back from")]
    [InlineData(new[] { "1" }, "production has no successful release before 1 (1000000) with other images to return to")]
    public void Without_anything_to_return_to_the_rollback_is_refused(string[] ids, string refusal)
    {
        var history = ids.Select(id => Entry(id, id, ReleaseStatus.Success)).ToArray();

        Assert.Equal(refusal, RollbackPlan.Decide(history, "production", force: false).Refusal);
    }
}
