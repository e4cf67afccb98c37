using Deployer.Releases;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Releases;

/// <summary>
/// What every deployment lock store does, wherever it keeps the lock, and the lease that holds one: atomic claims,
/// compare-and-swap take-overs, renewal on the run's clock while it lives. The local lock directory
/// (<see cref="LocalDeployLocksSpecification"/>) and the GitHub lock refs (<see cref="GitHubDeployLocksSpecification"/>)
/// run these same facts.
/// </summary>
public abstract class DeployLocksSpecification : IAsyncLifetime
{
    protected const string Sha = "0123456789abcdef0123456789abcdef01234567";
    protected static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A store of locks whose own waits run on <paramref name="time"/>.</summary>
    protected abstract IDeployLocks Locks(TimeProvider time);

    /// <summary>The lock of shop/production as stored, read around the store under test; null when there is none.</summary>
    protected abstract LockHolder? Stored();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static LockHolder Holder(string id, DateTimeOffset since, TimeSpan ttl) => new(id, $"{id}@host", Sha, since, since + ttl);

    [Fact]
    public async Task Of_many_runs_claiming_the_lock_at_once_exactly_one_gets_it()
    {
        var locks = Locks(TimeProvider.System);

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => locks.ClaimAsync("shop", "production", Holder($"run{i}", T0, TimeSpan.FromMinutes(5)), default))));

        Assert.Single(claims, c => c is null);
        var winner = Stored();
        Assert.All(claims.Where(c => c is not null), c => Assert.Equal(winner, c));
    }

    [Fact]
    public async Task Of_two_runs_taking_over_one_expired_lock_only_one_succeeds()
    {
        var locks = Locks(TimeProvider.System);
        var expired = Holder("dead", T0, TimeSpan.FromMinutes(5));
        await locks.ClaimAsync("shop", "production", expired, default);

        var takeovers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => locks.ReplaceAsync("shop", "production", expired, Holder($"run{i}", T0.AddHours(1), TimeSpan.FromMinutes(5)), default))));

        Assert.Single(takeovers, t => t);
    }

    [Fact]
    public async Task A_release_leaves_a_lock_another_run_has_taken_over_in_place()
    {
        var locks = Locks(TimeProvider.System);
        var old = Holder("old", T0, TimeSpan.FromMinutes(5));
        var next = Holder("next", T0.AddHours(1), TimeSpan.FromMinutes(5));
        await locks.ClaimAsync("shop", "production", old, default);
        await locks.ReplaceAsync("shop", "production", old, next, default);

        await locks.ReleaseAsync("shop", "production", old, default);

        Assert.Equal(next, await locks.ClaimAsync("shop", "production", Holder("third", T0, TimeSpan.FromMinutes(5)), default));
    }

    [Fact]
    public async Task A_live_run_renews_its_lock_on_its_clock_so_a_waiting_run_never_takes_it_over()
    {
        var time = new FakeTimeProvider(T0);
        var locks = Locks(time);
        var timing = new LockTiming(TimeSpan.FromMinutes(3), TimeSpan.Zero, TimeSpan.FromSeconds(1));
        var (lease, _) = await DeployLease.AcquireAsync(locks, "shop", "production", "alice@host", Sha, timing, time, _ => { }, default);
        await using (lease)
        {
            for (var minute = 1; minute <= 10; minute++)
            {
                var before = lease!.Held.Expires;
                time.Advance(TimeSpan.FromMinutes(1));
                for (var i = 0; i < 200 && lease.Held.Expires == before; i++) await Task.Delay(10);
                Assert.Equal(T0.AddMinutes(minute + 3), lease.Held.Expires);
            }
            var said = new List<string>();
            var (second, holder) = await DeployLease.AcquireAsync(locks, "shop", "production", "bob@host", Sha, timing, time, said.Add, default);

            Assert.Null(second);
            Assert.Equal(("alice@host", T0), (holder!.Owner, holder.Since));
            Assert.DoesNotContain(said, s => s.Contains("took over"));
        }
        Assert.Null(Stored());
    }

    [Fact]
    public async Task A_lock_whose_run_stopped_renewing_expires_and_is_taken_over()
    {
        var time = new FakeTimeProvider(T0);
        var locks = Locks(time);
        await locks.ClaimAsync("shop", "production", Holder("dead", T0, TimeSpan.FromMinutes(3)), default);
        time.Advance(TimeSpan.FromMinutes(4));
        var said = new List<string>();

        var (lease, _) = await DeployLease.AcquireAsync(locks, "shop", "production", "bob@host", Sha, LockTiming.Default, time, said.Add, default);
        await using (lease)
        {
            Assert.Equal("bob@host", Stored()!.Owner);
            Assert.Contains(said, s => s.StartsWith("took over the expired deployment lock of shop/production held by dead@host", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_released_lock_is_free_for_the_next_run()
    {
        var locks = Locks(TimeProvider.System);
        var first = Holder("first", T0, TimeSpan.FromMinutes(5));
        await locks.ClaimAsync("shop", "production", first, default);

        await locks.ReleaseAsync("shop", "production", first, default);

        Assert.Null(Stored());
        Assert.Null(await locks.ClaimAsync("shop", "production", Holder("second", T0, TimeSpan.FromMinutes(5)), default));
        Assert.Equal("second", Stored()!.Id);
    }

    [Fact]
    public async Task Breaking_a_lock_removes_it_and_says_whose_it_was_and_a_free_lock_breaks_to_nobody()
    {
        var locks = Locks(TimeProvider.System);
        var stuck = Holder("stuck", T0, TimeSpan.FromHours(1));
        await locks.ClaimAsync("shop", "production", stuck, default);

        Assert.Equal(stuck, await locks.BreakAsync("shop", "production", default));
        Assert.Null(Stored());
        Assert.Null(await locks.BreakAsync("shop", "production", default));
    }

    [Fact]
    public async Task The_locks_of_two_environments_are_independent()
    {
        var locks = Locks(TimeProvider.System);

        Assert.Null(await locks.ClaimAsync("shop", "production", Holder("prod", T0, TimeSpan.FromMinutes(5)), default));
        Assert.Null(await locks.ClaimAsync("shop", "staging", Holder("stage", T0, TimeSpan.FromMinutes(5)), default));
        Assert.Equal("prod", Stored()!.Id);
    }
}
