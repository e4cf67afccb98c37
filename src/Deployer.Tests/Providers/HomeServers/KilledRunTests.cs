using System.Collections.Concurrent;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.HomeServers;
using Deployer.Releases;
using Deployer.Secrets;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// Runs that end badly once the new container is running: cancelled (SIGTERM), their SSH link cut, or killed outright.
/// Real sshd, podman and nginx; every run goes through the step handler with the host's lock (a short TTL, so a dead
/// run's lock expires within the test). The fault is injected just before the new container's published port is asked
/// for, the first command after it started, so the point is exact whatever the machine's load.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KilledRunTests(SshServer sshd) : IAsyncLifetime
{
    private static readonly TimeSpan LockLife = TimeSpan.FromSeconds(5);
    private readonly ConcurrentQueue<string> _said = new();
    private NginxHost _host = null!;

    public async Task InitializeAsync() => _host = await NginxHost.StartAsync(sshd, "killed");

    [Fact]
    public async Task A_run_cancelled_once_the_new_container_started_removes_it_leaves_nginx_untouched_and_exits_130()
    {
        var first = await DeployAsync(_host.Direct, "v1", "first@run");
        var upstreams = await File.ReadAllTextAsync(_host.Nginx.Upstreams);
        using var sigterm = new CancellationTokenSource();

        var cancelled = await DeployAsync(_host.Direct, "v2", "second@run", sigterm.Token, command =>
        {
            if (AsksForThePort(command)) sigterm.Cancel();
        });

        Assert.Equal(Outcome.Cancelled, cancelled.Outcome);
        Assert.Equal(130, ExitCodes.For(cancelled.Outcome));
        Assert.Contains("cancelled before the switch", cancelled.Message);
        Assert.Equal(upstreams, await File.ReadAllTextAsync(_host.Nginx.Upstreams));
        Assert.Equal("v1", await _host.ServedAsync());
        Assert.Equal(Containers(first), await _host.ContainersAsync(all: true));
        Assert.Null(await _host.Records.ReadLockAsync());
    }

    [Fact]
    public async Task A_link_cut_after_the_new_container_started_fails_naming_the_host_and_the_next_run_removes_the_orphan()
    {
        var first = await DeployAsync(_host.Direct, "v1", "first@run");
        var upstreams = await File.ReadAllTextAsync(_host.Nginx.Upstreams);
        using var link = new CuttableTcpProxy(sshd.Port);
        using var cut = await SshConnection.ConnectAsync(sshd.Target() with { Port = link.Port }, sshd.UserKey, CancellationToken.None);

        var failed = await DeployAsync(cut, "v2", "cut@run", before: command =>
        {
            if (AsksForThePort(command)) link.Cut();
        }).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(Outcome.Failed, failed.Outcome);
        Assert.Contains($"the SSH link to {sshd.User}@127.0.0.1:{link.Port} dropped", failed.Message);
        Assert.Equal(upstreams, await File.ReadAllTextAsync(_host.Nginx.Upstreams));
        Assert.Equal("v1", await _host.ServedAsync());
        var orphan = Assert.Single((await _host.ContainersAsync(all: false)).Except(Containers(first)));
        Assert.Equal("cut@run", (await _host.Records.ReadLockAsync())?.Owner);

        var next = await DeployAsync(_host.Direct, "v2", "next@run");

        Assert.True(next.Outcome == Outcome.Succeeded, next.Message);
        Assert.Contains(_said, s => s.Contains("took over the expired deployment lock", StringComparison.Ordinal) && s.Contains("cut@run", StringComparison.Ordinal));
        Assert.DoesNotContain(orphan, await _host.ContainersAsync(all: true));
        Assert.Equal("v2", await _host.ServedAsync());
        Assert.Null(await _host.Records.ReadLockAsync());
    }

    [Fact]
    public async Task A_run_killed_mid_deploy_leaves_a_lock_that_expires_and_an_orphan_the_next_run_removes_before_it_deploys()
    {
        var first = await DeployAsync(_host.Direct, "v1", "first@run");
        using var link = new CuttableTcpProxy(sshd.Port);
        using var victim = await SshConnection.ConnectAsync(sshd.Target() with { Port = link.Port }, sshd.UserKey, CancellationToken.None);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var revive = new CancellationTokenSource();

        // kill -9: the run never runs another line, and the kernel resets its sockets. Here its thread stops for good at
        // that point and its link is reset; nothing of the run (no finally, no lock release) reaches the host again.
        var frozen = Task.Run(() => DeployAsync(victim, "v2", "killed@run", before: command =>
        {
            if (!AsksForThePort(command)) return;
            link.Cut();
            killed.SetResult();
            revive.Token.WaitHandle.WaitOne();
        }));
        await killed.Task.WaitAsync(TimeSpan.FromMinutes(3));
        var orphan = Assert.Single((await _host.ContainersAsync(all: false)).Except(Containers(first)));
        Assert.Equal("killed@run", (await _host.Records.ReadLockAsync())?.Owner);

        var rerun = await DeployAsync(_host.Direct, "v2", "rerun@run");

        Assert.True(rerun.Outcome == Outcome.Succeeded, rerun.Message);
        Assert.Contains(_said, s => s.Contains("took over the expired deployment lock", StringComparison.Ordinal) && s.Contains("killed@run", StringComparison.Ordinal));
        var serving = Assert.Single(rerun.OutputAs<HomeServerDeployed>()!.Containers);
        Assert.NotEqual(orphan, serving);
        Assert.DoesNotContain(orphan, await _host.ContainersAsync(all: true));
        Assert.Equal([serving], await _host.ContainersAsync(all: false));
        Assert.Equal("v2", await _host.ServedAsync());
        Assert.Contains(await _host.Records.AuditAsync(), e => e is { Action: "lock", Outcome: "acquired", Who: "rerun@run" } && e.Detail!.Contains("killed@run", StringComparison.Ordinal));

        await revive.CancelAsync();
        await frozen.WaitAsync(TimeSpan.FromMinutes(3)); // the thread is let go only to end the test cleanly
    }

    [Fact]
    public async Task A_run_cancelled_while_the_engine_starts_the_new_container_removes_it_and_says_so()
    {
        var first = await DeployAsync(_host.Direct, "v1", "first@run");
        var upstreams = await File.ReadAllTextAsync(_host.Nginx.Upstreams);
        using var sigterm = new CancellationTokenSource();

        // The cancel reaches the run just as `podman run -d` returns: the container is up, the run saw only the cancel.
        var cancelled = await DeployAsync(_host.Direct, "v2", "second@run", sigterm.Token,
            wrap: host => new CancelledOnReturnHost(host, command => command.Argv is [_, "run", ..], sigterm));

        Assert.Equal(Outcome.Cancelled, cancelled.Outcome);
        Assert.Matches("cancelled while .+ was starting; it was removed", cancelled.Message);
        Assert.Equal(upstreams, await File.ReadAllTextAsync(_host.Nginx.Upstreams));
        Assert.Equal("v1", await _host.ServedAsync());
        Assert.Equal(Containers(first), await _host.ContainersAsync(all: true));
        Assert.Null(await _host.Records.ReadLockAsync());
    }

    /// <summary>Runs a chosen command to its end, then cancels the run and throws as an awaited command does once cancelled.</summary>
    private sealed class CancelledOnReturnHost(IHomeHost host, Func<RemoteCommand, bool> chosen, CancellationTokenSource cancel) : IHomeHost
    {
        public string Name => host.Name;
        public Uri Forward(int port) => host.Forward(port);

        public async Task<RemoteResult> RunAsync(RemoteCommand command, Stream? input, CancellationToken cancellationToken)
        {
            if (!chosen(command)) return await host.RunAsync(command, input, cancellationToken);
            await host.RunAsync(command, input, CancellationToken.None);
            await cancel.CancelAsync();
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static bool AsksForThePort(RemoteCommand command) => command.Argv is [_, "port", ..];

    private static string[] Containers(StepResult result) => [.. result.OutputAs<HomeServerDeployed>()!.Containers];

    private async Task<StepResult> DeployAsync(SshConnection connection, string version, string owner, CancellationToken cancellationToken = default,
        Action<RemoteCommand>? before = null, Func<IHomeHost, IHomeHost>? wrap = null)
    {
        var service = new HomeServiceSpec
        {
            Name = _host.Service, ImageUri = WebImage.Reference, Port = 8080, HealthPath = "/up", Command = WebImage.Serve(version),
            HealthIntervalSeconds = 1, HealthTimeoutSeconds = 60, DrainSeconds = 1,
        };
        var server = new HomeServerSpec
        {
            Host = "127.0.0.1", Port = connection.Target.Port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_KEY" }, HostKey = sshd.HostKey,
            Engine = ContainerEngine.Podman, Proxy = new ProxySpec { Kind = ProxyKind.Nginx, ConfigPath = _host.Nginx.Upstreams, NginxConfig = _host.Nginx.Config },
            Services = [service],
        };
        var step = new DeployHomeServerStep($"deploy-home-server:{_host.Service}", [], server, new Dictionary<string, string> { [_host.Service] = WebImage.Reference }) { App = _host.App };
        // A dead run's lock lives 5 s; a live run renews it every 5/3 s. A run waits up to 3 min for a live holder.
        var locking = new HostLocking(_host.App, owner, "0123456789abcdef0123456789abcdef01234567", false, (_, line) => _said.Enqueue(line))
        {
            TimeToLive = LockLife, Wait = TimeSpan.FromMinutes(3), Poll = TimeSpan.FromMilliseconds(250),
        };
        IHomeHost host = new ObservedHost(connection, before ?? (_ => { }));
        if (wrap is not null) host = wrap(host);
        var handler = new HomeServerStepHandler((_, _) => Task.FromResult(host), (_, _) => new Dictionary<string, Secret>(), _host.Http, TimeProvider.System, locking);
        return await handler.RunAsync(step, new ExecutionState(), cancellationToken);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
