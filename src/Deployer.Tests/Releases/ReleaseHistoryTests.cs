using Deployer.Planning;
using Deployer.Releases;
using static Deployer.Releases.ReleaseStatus;
using static Deployer.Tests.Releases.Releases;

namespace Deployer.Tests.Releases;

public sealed class ReleaseHistoryTests
{
    private static LedgerEntry E(int id, ReleaseStatus status, char images = '\0', int? rollbackTo = null, int? replaces = null, bool noImages = false, int? sha = null)
    {
        var release = Release(Sha(sha ?? id), image: images == '\0' ? null : $"r/shop@sha256:{images}",
            mode: rollbackTo is null ? PlanMode.Release : PlanMode.Rollback, source: rollbackTo?.ToString(), replaces: replaces?.ToString());
        if (noImages) release = release with { Images = new Dictionary<string, string>() };
        return Entry(id, status, release);
    }

    public static TheoryData<string, LedgerEntry[], string?> PromotionCases() => new()
    {
        { "nothing recorded ships nothing", [], null },
        { "the newest success ships", [E(1, Inactive), E(2, Success)], "2" },
        { "a failure after it is passed over", [E(1, Success), E(2, Failure)], "1" },
        { "a run still in progress is passed over", [E(1, Success), E(2, InProgress)], "1" },
        { "inactive counts: something else in the environment succeeded after it", [E(1, Inactive), E(2, Failure)], "1" },
        { "order of the input does not matter", [E(2, Success), E(3, Failure), E(1, Inactive)], "2" },
        { "a release someone rolled back from is never promoted", [E(1, Inactive), E(2, Success), E(3, Failure, rollbackTo: 1, replaces: 2)], "1" },
        { "after a rollback, the rollback is what runs", [E(1, Inactive), E(2, Inactive), E(3, Success, rollbackTo: 1, replaces: 2)], "3" },
    };

    [Theory]
    [MemberData(nameof(PromotionCases))]
    public void Promote_ships_the_newest_verified_release(string _, LedgerEntry[] history, string? expected) =>
        Assert.Equal(expected, ReleaseHistory.LatestVerified(history)?.Id);

    public static TheoryData<string, LedgerEntry[], string?, string?, string> RollbackCases() => new()
    {
        {
            "nothing verified means nothing is known to be live",
            [E(1, Failure)], null, null, "no release has been verified there yet, so nothing is known to be live"
        },
        {
            "a single release has nothing before it",
            [E(1, Success)], "1", null, "no verified release before the live 1 (1111111) ships something else"
        },
        {
            "the release before the live one",
            [E(1, Inactive), E(2, Success)], "2", "1", "release 1 (1111111) is the newest verified release before the live 2 (2222222) that ships something else"
        },
        {
            "failures in between are passed over",
            [E(1, Inactive), E(2, Failure), E(3, Success)], "3", "1", "release 1 (1111111) is the newest verified release before the live 3 (3333333) that ships something else"
        },
        {
            "a failed release after the live one is not live",
            [E(1, Inactive), E(2, Success), E(3, Failure)], "2", "1", "release 1 (1111111) is the newest verified release before the live 2 (2222222) that ships something else"
        },
        {
            "a redeploy of the same images is passed over",
            [E(1, Inactive, 'a'), E(2, Inactive, 'b'), E(3, Success, 'b')], "3", "1", "release 1 (1111111) is the newest verified release before the live 3 (3333333) that ships something else"
        },
        {
            "a release that was rolled back from is passed over",
            [E(1, Inactive, 'a'), E(2, Inactive, 'b'), E(3, Inactive, 'c'), E(4, Success, 'b', rollbackTo: 2, replaces: 3)],
            "4", "1", "release 1 (1111111) is the newest verified release before the live 4 (4444444) that ships something else"
        },
        {
            "after a rollback to the only other release nothing is left, and the reason counts what was passed over",
            [E(1, Inactive, 'a'), E(2, Inactive, 'b'), E(3, Success, 'a', rollbackTo: 1, replaces: 2)],
            "3", null, "no verified release before the live 3 (3333333) ships something else (of the earlier ones, 1 ships what is live and 1 was rolled back from)"
        },
        {
            "without images, another commit is something else",
            [E(1, Inactive, noImages: true), E(2, Success, noImages: true)], "2", "1", "release 1 (1111111) is the newest verified release before the live 2 (2222222) that ships something else"
        },
        {
            "without images, the same commit is the same",
            [E(1, Inactive, noImages: true, sha: 7), E(2, Success, noImages: true, sha: 7)], "2", null, "no verified release before the live 2 (7777777) ships something else (of the earlier ones, 1 ships what is live)"
        },
    };

    [Theory]
    [MemberData(nameof(RollbackCases))]
    public void Rollback_returns_to_the_newest_earlier_verified_release_that_ships_something_else(string _, LedgerEntry[] history, string? current, string? target, string reason)
    {
        var choice = ReleaseHistory.RollbackTarget(history);

        Assert.Equal((current, target, reason), (choice.Current?.Id, choice.Target?.Id, choice.Reason));
    }
}
