using Deployer.Planning;
using Deployer.Releases;
using static Deployer.Tests.Releases.Releases;

namespace Deployer.Tests.Releases;

/// <summary>
/// What every release ledger does, whoever stores it: GitHub Deployments (<see cref="GitHubLedgerSpecification"/>) and
/// the local file (<see cref="LocalLedgerSpecification"/>) run these same facts.
/// </summary>
public abstract class ReleaseLedgerSpecification : IAsyncLifetime
{
    private IReleaseLedger? _ledger;

    protected IReleaseLedger Ledger => _ledger ?? throw new InvalidOperationException("not initialised");

    protected abstract Task<IReleaseLedger> CreateAsync();

    public async Task InitializeAsync() => _ledger = await CreateAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private Task<LedgerEntry> Record(Release release, ReleaseStatus status = ReleaseStatus.Success, string? logUrl = null) =>
        Ledger.RecordAsync(release, status, logUrl, CancellationToken.None);

    private async Task<IReadOnlyList<LedgerEntry>> History(string app = "shop", string environment = "staging") =>
        await Ledger.HistoryAsync(app, environment, CancellationToken.None);

    [Fact]
    public async Task An_empty_ledger_has_no_history() => Assert.Empty(await History());

    [Fact]
    public async Task A_recorded_release_comes_back_whole_with_its_status_and_log()
    {
        var release = Release(Sha(3), mode: PlanMode.Promotion, migration: Alembic("0002_orders", "0003_index"), source: "41") with
        {
            Urls = ["https://staging.shop.example", "https://api.staging.shop.example"],
        };

        var recorded = await Record(release, logUrl: "https://github.com/acme/shop/actions/runs/7");

        var entry = Assert.Single(await History());
        Assert.Equal((recorded.Id, ReleaseStatus.Success, "https://github.com/acme/shop/actions/runs/7"), (entry.Id, entry.Status, entry.LogUrl));
        AssertSame(release, entry.Release);
        AssertSame(release, recorded.Release);
        Assert.InRange(entry.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(recorded.CreatedAt.ToUnixTimeSeconds(), entry.CreatedAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task History_is_newest_first_even_within_one_second()
    {
        var first = await Record(Release(Sha(1)), ReleaseStatus.Failure);
        var second = await Record(Release(Sha(2)), ReleaseStatus.Failure);
        var third = await Record(Release(Sha(3)), ReleaseStatus.Failure);

        Assert.Equal([third.Id, second.Id, first.Id], (await History()).Select(e => e.Id));
        Assert.Equal(3, new[] { first.Id, second.Id, third.Id }.Distinct().Count());
    }

    [Fact]
    public async Task A_success_retires_the_earlier_successes_of_its_environment_and_nothing_else()
    {
        var live = await Record(Release(Sha(1)));
        var failed = await Record(Release(Sha(2)), ReleaseStatus.Failure);
        var production = await Record(Release(Sha(1), environment: "production"));
        var next = await Record(Release(Sha(3)));

        Assert.Equal([(next.Id, ReleaseStatus.Success), (failed.Id, ReleaseStatus.Failure), (live.Id, ReleaseStatus.Inactive)],
            (await History()).Select(e => (e.Id, e.Status)));
        Assert.Equal([(production.Id, ReleaseStatus.Success)], (await History(environment: "production")).Select(e => (e.Id, e.Status)));
    }

    [Theory]
    [InlineData(ReleaseStatus.Failure)]
    [InlineData(ReleaseStatus.InProgress)]
    public async Task A_run_that_did_not_succeed_leaves_the_live_release_alone(ReleaseStatus outcome)
    {
        var live = await Record(Release(Sha(1)));
        await Record(Release(Sha(2)), outcome);

        Assert.Equal([outcome, ReleaseStatus.Success], (await History()).Select(e => e.Status));
        Assert.Equal(live.Id, ReleaseHistory.LatestVerified(await History())!.Id);
    }

    [Fact]
    public async Task History_holds_only_the_app_and_environment_asked_for()
    {
        var ours = await Record(Release(Sha(1)));
        await Record(Release(Sha(2), app: "billing"));
        await Record(Release(Sha(3), environment: "production"));

        Assert.Equal([ours.Id], (await History()).Select(e => e.Id));
        Assert.Single(await History(app: "billing"));
        Assert.Empty(await History(app: "billing", environment: "production"));
    }

    [Fact]
    public async Task Another_app_succeeding_in_the_environment_retires_ours_yet_it_stays_what_Promote_ships()
    {
        var ours = await Record(Release(Sha(1)));
        await Record(Release(Sha(2), app: "billing"));

        var history = await History();
        Assert.Equal(ReleaseStatus.Inactive, Assert.Single(history).Status);
        Assert.Equal(ours.Id, ReleaseHistory.LatestVerified(history)!.Id);
    }

    [Fact]
    public async Task Promote_and_Rollback_find_their_releases_in_what_was_recorded()
    {
        var good = await Record(Release(Sha(1)));
        var bad = await Record(Release(Sha(2), migration: Alembic("0002_orders")));
        await Record(Release(Sha(3)), ReleaseStatus.Failure);

        var history = await History();
        Assert.Equal(bad.Id, ReleaseHistory.LatestVerified(history)!.Id);
        var choice = ReleaseHistory.RollbackTarget(history);
        Assert.Equal((bad.Id, good.Id), (choice.Current!.Id, choice.Target!.Id));
        Assert.False(RollbackGuard.Check(history, choice.Target, force: false).Allowed);

        var rollback = await Record(Release(Sha(1), mode: PlanMode.Rollback, source: good.Id, replaces: bad.Id));
        var after = await History();
        Assert.Equal(rollback.Id, ReleaseHistory.LatestVerified(after)!.Id);
        Assert.Null(ReleaseHistory.RollbackTarget(after).Target);
    }
}
