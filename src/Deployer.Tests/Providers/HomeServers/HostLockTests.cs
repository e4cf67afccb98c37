using System.Collections.Concurrent;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Providers.HomeServers;
using Deployer.Releases;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>The deployment lock and audit log kept on the host, against the real sshd: every race runs on two SSH connections, as two runs would.</summary>
[Collection(SshCollection.Name)]
public sealed class HostLockTests(SshServer sshd) : IAsyncLifetime
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly string _app = "app" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<string> _said = new();
    private SshConnection _first = null!;
    private SshConnection _second = null!;
    private HostRecords _records = null!;

    public async Task InitializeAsync()
    {
        _first = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        _second = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        _records = new HostRecords(_first, _app);
    }

    [Fact]
    public async Task Of_two_runs_racing_for_a_free_lock_exactly_one_holds_it()
    {
        var one = new HostDeployLocks(new SshHomeHost(_first));
        var other = new HostDeployLocks(new SshHomeHost(_second));
        for (var round = 0; round < 8; round++)
        {
            var a = Holder("run-a", TimeSpan.FromMinutes(30));
            var b = Holder("run-b", TimeSpan.FromMinutes(30));

            var found = await Task.WhenAll(one.ClaimAsync(_app, "host", a, CancellationToken.None), other.ClaimAsync(_app, "host", b, CancellationToken.None));

            Assert.Single(found, f => f is null);
            var winner = found[0] is null ? a : b;
            Assert.Equal(winner, found[0] ?? found[1]);
            Assert.Equal(winner, await _records.ReadLockAsync());
            Assert.Equal(winner, await one.BreakAsync(_app, "host", CancellationToken.None));
        }
    }

    [Fact]
    public async Task Of_two_runs_racing_to_take_over_an_expired_lock_exactly_one_wins()
    {
        var one = new HostDeployLocks(new SshHomeHost(_first));
        var other = new HostDeployLocks(new SshHomeHost(_second));
        for (var round = 0; round < 8; round++)
        {
            var dead = Holder("dead-run", TimeSpan.FromMinutes(-1));
            Assert.Null(await one.ClaimAsync(_app, "host", dead, CancellationToken.None));
            var a = Holder("run-a", TimeSpan.FromMinutes(30));
            var b = Holder("run-b", TimeSpan.FromMinutes(30));

            var replaced = await Task.WhenAll(one.ReplaceAsync(_app, "host", dead, a, CancellationToken.None), other.ReplaceAsync(_app, "host", dead, b, CancellationToken.None));

            Assert.Single(replaced, r => r);
            Assert.Equal(replaced[0] ? a : b, await _records.ReadLockAsync());
            await one.BreakAsync(_app, "host", CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_second_run_waits_then_fails_naming_the_holder_and_changes_nothing()
    {
        var holder = Holder("https://github.com/acme/shop/actions/runs/42", TimeSpan.FromMinutes(30));
        await new HostDeployLocks(new SshHomeHost(_first)).ClaimAsync(_app, "host", holder, CancellationToken.None);

        var (held, refusal) = await AcquireAsync(_second, Locking("someone@laptop") with { Wait = TimeSpan.FromSeconds(2), Poll = TimeSpan.FromMilliseconds(200) });

        Assert.Null(held);
        Assert.Equal(Outcome.Failed, refusal!.Outcome);
        Assert.StartsWith("nothing changed: ", refusal.Message);
        Assert.Contains("is being deployed by https://github.com/acme/shop/actions/runs/42 (sha 0123456789ab", refusal.Message);
        Assert.Contains("--force-unlock", refusal.Message);
        Assert.Contains(_said, s => s.StartsWith("waiting up to 2 s for the deployment lock", StringComparison.Ordinal));
        Assert.Equal(holder, await _records.ReadLockAsync());
        Assert.Contains(await _records.AuditAsync(), e => e is { Action: "lock", Outcome: "refused", Who: "someone@laptop" });
    }

    [Fact]
    public async Task A_lock_whose_owner_died_is_taken_over_and_the_run_says_so()
    {
        var dead = Holder("https://github.com/acme/shop/actions/runs/41", TimeSpan.FromSeconds(-5));
        await new HostDeployLocks(new SshHomeHost(_first)).ClaimAsync(_app, "host", dead, CancellationToken.None);

        var (held, _) = await AcquireAsync(_second, Locking("https://github.com/acme/shop/actions/runs/43"));
        await using (held!)
        {
            Assert.Contains(_said, s => s.Contains("took over the expired deployment lock", StringComparison.Ordinal) && s.Contains("runs/41", StringComparison.Ordinal));
            Assert.Equal("https://github.com/acme/shop/actions/runs/43", (await _records.ReadLockAsync())!.Owner);
        }

        Assert.Null(await _records.ReadLockAsync());
        var lockLines = (await _records.AuditAsync()).Where(e => e.Action == "lock").ToArray();
        Assert.Equal(["acquired", "released"], lockLines.Select(e => e.Outcome));
        Assert.Contains("took over", lockLines[0].Detail);
        Assert.All(lockLines, e => Assert.Equal(Sha, e.Sha));
    }

    [Fact]
    public async Task A_live_run_renews_its_lock_so_it_never_expires_under_it()
    {
        var (held, _) = await AcquireAsync(_first, Locking("me@laptop") with { TimeToLive = TimeSpan.FromSeconds(3) });
        await using (held!)
        {
            var first = (await _records.ReadLockAsync())!;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            var current = first;
            while (current.Expires == first.Expires && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200); // polling, bounded by the deadline; the renewal is due every second
                current = (await _records.ReadLockAsync())!;
            }

            Assert.Equal(first.Id, current.Id);
            Assert.True(current.Expires > first.Expires, "the lock was not renewed within 90 s");
        }
    }

    [Fact]
    public async Task Force_unlock_breaks_a_live_lock_says_whose_it_was_and_logs_it()
    {
        var holder = Holder("https://github.com/acme/shop/actions/runs/44", TimeSpan.FromMinutes(30));
        await new HostDeployLocks(new SshHomeHost(_first)).ClaimAsync(_app, "host", holder, CancellationToken.None);

        var (held, refusal) = await AcquireAsync(_second, Locking("me@laptop") with { ForceUnlock = true, Wait = TimeSpan.Zero });
        await using (held!)
        {
            Assert.Null(refusal);
            Assert.Contains(_said, s => s.StartsWith("--force-unlock: broke the deployment lock of " + _app, StringComparison.Ordinal) && s.Contains("runs/44", StringComparison.Ordinal));
            Assert.Equal("me@laptop", (await _records.ReadLockAsync())!.Owner);
        }

        Assert.Contains(await _records.AuditAsync(), e => e is { Action: "lock", Outcome: "broken" } && e.Detail!.Contains("runs/44", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_without_flock_is_named_and_nothing_is_claimed()
    {
        var host = new RewritingHost(new SshHomeHost(_first), line => line.Replace("exec flock", "exec no-such-flock", StringComparison.Ordinal));

        var (held, refusal) = await HostLock.AcquireAsync(host, Step(), Locking("me@laptop"), TimeProvider.System, CancellationToken.None);

        Assert.Null(held);
        Assert.Equal(Outcome.Failed, refusal!.Outcome);
        Assert.Contains("has no flock (util-linux)", refusal.Message);
        Assert.Null(await _records.ReadLockAsync());
    }

    private HostLocking Locking(string owner) => new(_app, owner, Sha, false, (_, line) => _said.Enqueue(line)) { Poll = TimeSpan.FromMilliseconds(200) };

    private Task<(HostLock? Lock, StepResult? Refusal)> AcquireAsync(SshConnection connection, HostLocking locking) =>
        HostLock.AcquireAsync(new SshHomeHost(connection), Step(), locking, TimeProvider.System, CancellationToken.None);

    private DeployHomeServerStep Step() => new("deploy-home-server:127.0.0.1", [], new HomeServerSpec
    {
        Host = "127.0.0.1", Port = sshd.Port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_KEY" }, HostKey = sshd.HostKey,
        Proxy = new ProxySpec { Kind = ProxyKind.Nginx, ConfigPath = "upstreams.conf" }, Services = [],
    }, new Dictionary<string, string>());

    private static LockHolder Holder(string owner, TimeSpan life)
    {
        var now = DateTimeOffset.UtcNow;
        return new LockHolder(Guid.NewGuid().ToString("N"), owner, Sha, now, now + life);
    }

    public async Task DisposeAsync()
    {
        await _records.RemoveLockAsync();
        _first.Dispose();
        _second.Dispose();
    }

    /// <summary>The real host with each command line rewritten before it runs (to take away a program).</summary>
    private sealed class RewritingHost(IHomeHost host, Func<string, string> rewrite) : IHomeHost
    {
        public string Name => host.Name;
        public Uri Forward(int port) => host.Forward(port);

        public Task<RemoteResult> RunAsync(RemoteCommand command, Stream? input, CancellationToken cancellationToken) =>
            host.RunAsync(RemoteCommand.Of("sh", "-c", rewrite(command.Line)), input, cancellationToken);
    }
}
