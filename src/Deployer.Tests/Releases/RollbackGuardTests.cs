using Deployer.Releases;
using static Deployer.Releases.ReleaseStatus;
using static Deployer.Tests.Releases.Releases;

namespace Deployer.Tests.Releases;

public sealed class RollbackGuardTests
{
    private static LedgerEntry E(int id, ReleaseStatus status, params string[] applied) =>
        Entry(id, status, Release(Sha(id), migration: applied.Length == 0 ? null : Alembic(applied)));

    public static TheoryData<string, LedgerEntry[], string, bool, string[]> Cases() => new()
    {
        { "nothing migrated since the target", [E(1, Inactive), E(2, Success)], "1", true, [] },
        { "the target's own migration is what its code expects", [E(1, Inactive, "0001_init"), E(2, Success)], "1", true, [] },
        { "a migration record that applied nothing does not count", [E(1, Inactive), Entry(2, Success, Release(Sha(2), migration: Alembic()))], "1", true, [] },
        { "releases before the target do not count", [E(1, Inactive, "0001_init"), E(2, Inactive), E(3, Success)], "2", true, [] },
        { "the live release migrated", [E(1, Inactive), E(2, Success, "0002_orders")], "1", false, ["2"] },
        { "a release in between migrated, even one that failed afterwards", [E(1, Inactive), E(2, Failure, "0002_orders"), E(3, Success)], "1", false, ["2"] },
        { "a failed run after the live release migrated too", [E(1, Inactive), E(2, Success), E(3, Failure, "0003_index")], "1", false, ["3"] },
        { "every migrating release is named, oldest first", [E(3, Success, "0003_index", "0004_refunds"), E(1, Inactive), E(2, Inactive, "0002_orders")], "1", false, ["2", "3"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_rollback_is_refused_when_a_release_after_its_target_migrated(string _, LedgerEntry[] history, string target, bool allowed, string[] migrated)
    {
        var verdict = RollbackGuard.Check(history, history.Single(e => e.Id == target), force: false);

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(migrated, verdict.Migrated.Select(e => e.Id));
        Assert.Equal(allowed, verdict.Message is null);
    }

    [Fact]
    public void The_refusal_names_the_migrations_and_the_releases_says_they_stay_and_how_to_force()
    {
        var history = new[] { E(1, Inactive), E(2, Inactive, "0002_orders"), E(3, Success), E(4, Failure, "0003_index", "0004_refunds") };

        var verdict = RollbackGuard.Check(history, history[0], force: false);

        Assert.Equal(
            "Refusing to roll back shop in staging to release 1 (1111111): later releases migrated the database, and a rollback never undoes a migration." + Environment.NewLine +
            "  release 2 (2222222) applied alembic 0002_orders" + Environment.NewLine +
            "  release 4 (4444444), failure applied alembic 0003_index, 0004_refunds" + Environment.NewLine +
            "Release 1's code would run against a schema it was not written for. If it tolerates these migrations, run the rollback again with --force; " +
            "otherwise ship a fix forward.",
            verdict.Message);
    }

    [Fact]
    public void Forced_it_goes_ahead_and_warns_that_the_migrations_stay()
    {
        var history = new[] { E(1, Inactive), E(2, Success, "0002_orders") };

        var verdict = RollbackGuard.Check(history, history[0], force: true);

        Assert.True(verdict.Allowed);
        Assert.Equal(
            "Rolling back shop in staging to release 1 (1111111) although later releases migrated the database (--force). " +
            "Migrations are never undone; these stay applied:" + Environment.NewLine + "  release 2 (2222222) applied alembic 0002_orders",
            verdict.Message);
    }
}
