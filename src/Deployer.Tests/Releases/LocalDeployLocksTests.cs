using Deployer.Releases;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Releases;

/// <summary>
/// The local deployment locks and the lease that holds one: atomic claims, compare-and-swap take-overs, renewal on the
/// run's clock while it lives, and the pure decision of the lock loop.
/// </summary>
public sealed class LocalDeployLocksTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly string _root = Directory.CreateTempSubdirectory("deployer-locks-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static LockHolder Holder(string id, DateTimeOffset since, TimeSpan ttl) => new(id, $"{id}@host", Sha, since, since + ttl);

    [Fact]
    public async Task Of_many_runs_claiming_the_lock_at_once_exactly_one_gets_it()
    {
        var locks = new LocalDeployLocks(_root, TimeProvider.System);

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => locks.ClaimAsync("shop", "production", Holder($"run{i}", T0, TimeSpan.FromMinutes(5)), default))));

        Assert.Single(claims, c => c is null);
        var winner = LockHolder.Parse(File.ReadAllText(locks.PathOf("shop", "production")), "lock");
        Assert.All(claims.Where(c => c is not null), c => Assert.Equal(winner, c));
    }

    [Fact]
    public async Task Of_two_runs_taking_over_one_expired_lock_only_one_succeeds()
    {
        var locks = new LocalDeployLocks(_root, TimeProvider.System);
        var expired = Holder("dead", T0, TimeSpan.FromMinutes(5));
        await locks.ClaimAsync("shop", "production", expired, default);

        var takeovers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => locks.ReplaceAsync("shop", "production", expired, Holder($"run{i}", T0.AddHours(1), TimeSpan.FromMinutes(5)), default))));

        Assert.Single(takeovers, t => t);
    }

    [Fact]
    public async Task A_release_leaves_a_lock_another_run_has_taken_over_in_place()
    {
        var locks = new LocalDeployLocks(_root, TimeProvider.System);
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
        var locks = new LocalDeployLocks(_root, time);
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
        Assert.False(File.Exists(locks.PathOf("shop", "production")));
    }

    [Fact]
    public async Task A_lock_whose_run_stopped_renewing_expires_and_is_taken_over()
    {
        var time = new FakeTimeProvider(T0);
        var locks = new LocalDeployLocks(_root, time);
        await locks.ClaimAsync("shop", "production", Holder("dead", T0, TimeSpan.FromMinutes(3)), default);
        time.Advance(TimeSpan.FromMinutes(4));
        var said = new List<string>();

        var (lease, _) = await DeployLease.AcquireAsync(locks, "shop", "production", "bob@host", Sha, LockTiming.Default, time, said.Add, default);
        await using (lease)
        {
            Assert.Equal("bob@host", LockHolder.Parse(File.ReadAllText(locks.PathOf("shop", "production")), "lock").Owner);
            Assert.Contains(said, s => s.StartsWith("took over the expired deployment lock of shop/production held by dead@host", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null, 5, "Claim")]
    [InlineData(10, 5, "Wait")]
    [InlineData(10, -20, "GiveUp")]
    [InlineData(-1, 5, "TakeOver")]
    [InlineData(-1, -20, "TakeOver")]
    public void The_lock_loop_claims_a_free_lock_waits_for_a_live_one_until_its_deadline_and_takes_over_an_expired_one(
        int? expiresInMinutes, int deadlineInMinutes, string expected)
    {
        var now = T0;
        var current = expiresInMinutes is { } m ? new LockHolder("x", "x@host", Sha, T0.AddHours(-1), now.AddMinutes(m)) : null;

        Assert.Equal(Enum.Parse<LockStep>(expected), LockDecision.Decide(current, now, now.AddMinutes(deadlineInMinutes)));
    }
}
