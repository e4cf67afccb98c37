using System.Text.Json;
using Deployer.Providers.HomeServers;
using Deployer.Releases;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// The killed runs of <see cref="KilledRunTests"/>, but through the real process a workflow runs: <c>./build.sh
/// DeployHomeServer</c> against the real sshd, podman and nginx, signalled from outside once the host shows the new
/// container running. The release deployed then never gets healthy (its health gate would wait ten minutes), so the
/// signal always lands between "started" and "switched" whatever the machine's load.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KilledProcessTests(SshServer sshd) : IAsyncLifetime
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(8);
    private readonly string _root = Directory.CreateTempSubdirectory("deployer-killed-process-").FullName;
    private NginxHost _host = null!;

    public async Task InitializeAsync() => _host = await NginxHost.StartAsync(sshd, "proc");

    [Theory]
    [InlineData(BuildShDeploy.SIGTERM)]
    [InlineData(BuildShDeploy.SIGINT)]
    public async Task A_signal_to_build_sh_once_the_new_container_runs_exits_130_Cancelled_removes_it_and_leaves_nginx_byte_identical(int signal)
    {
        var checkout = Checkout("one");
        var first = await DeployedAsync(checkout, "1", "v1");
        var upstreams = await File.ReadAllBytesAsync(_host.Nginx.Upstreams);

        await using var run = await StartAsync(checkout, "2", "sick");
        await NewContainerRunningAsync(run, first);
        run.Signal(signal);
        var exit = await run.ExitAsync(RunDeadline);

        Assert.True(exit == 130, $"exit {exit}:\n{run.Output}");
        Assert.Equal("Cancelled", run.ResultOutcome());
        // The signal lands once podman lists the new container running: while `podman run -d` still returns (the run
        // removes it) or in the health gate. Either way the message says where, and the new container is gone.
        Assert.True(run.Output.Contains("cancelled before the switch", StringComparison.Ordinal)
            || run.Output.Contains("was starting; it was removed", StringComparison.Ordinal), run.Output);
        Assert.Equal(upstreams, await File.ReadAllBytesAsync(_host.Nginx.Upstreams));
        Assert.Equal("v1", await _host.ServedAsync());
        Assert.Equal(first, await _host.ContainersAsync(all: true));
        Assert.Null(await _host.Records.ReadLockAsync());
    }

    [Fact]
    public async Task Kill_9_of_build_sh_mid_deploy_then_a_rerun_takes_over_the_expired_host_lock_removes_the_orphan_and_succeeds()
    {
        var first = await DeployedAsync(Checkout("one"), "1", "v1");

        await using (var run = await StartAsync(Checkout("one"), "2", "sick"))
        {
            await NewContainerRunningAsync(run, first);
            run.SignalGroup(BuildShDeploy.SIGKILL);
            Assert.Equal(137, await run.ExitAsync(RunDeadline));
        }
        var orphan = Assert.Single((await _host.ContainersAsync(all: false)).Except(first));
        Assert.Equal(BuildShDeploy.Owner("2"), (await _host.Records.ReadLockAsync())?.Owner);

        // The re-run starts in a fresh checkout, like a re-run job on a new runner: the killed run's local environment
        // lock (5 minutes) stays behind in the old one, and what is under test is the host's lock, which lives 1 minute.
        await using var rerun = await StartAsync(Checkout("two"), "3", "v2", "--lock-wait", "300");
        var exit = await rerun.ExitAsync(RunDeadline);

        Assert.True(exit == 0, $"exit {exit}:\n{rerun.Output}");
        Assert.Equal("Succeeded", rerun.ResultOutcome());
        Assert.Contains($"took over the expired deployment lock of {_host.App}", rerun.Output);
        Assert.Contains(BuildShDeploy.Owner("2"), rerun.Output);
        var serving = Assert.Single(await _host.ContainersAsync(all: false));
        Assert.NotEqual(orphan, serving);
        Assert.DoesNotContain(orphan, await _host.ContainersAsync(all: true));
        Assert.Equal("v2", await _host.ServedAsync());
        Assert.Null(await _host.Records.ReadLockAsync());
    }

    private string Checkout(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private async Task<BuildShDeploy> StartAsync(string checkout, string runId, string version, params string[] extra)
    {
        var config = Path.Combine(checkout, "deploy.yml");
        var command = JsonSerializer.Serialize(WebImage.Serve(version));
        // A release that never gets healthy waits out its whole gate; a healthy one passes at the first check.
        await File.WriteAllTextAsync(config, $$"""
            app: {{_host.App}}
            environments:
              home:
                homeServers:
                  - host: 127.0.0.1
                    port: {{sshd.Port}}
                    user: {{sshd.User}}
                    privateKey: { env: HOME_KEY }
                    hostKey: "{{sshd.HostKey}}"
                    engine: podman
                    lockTtlMinutes: 1
                    proxy: { kind: nginx, configPath: "{{_host.Nginx.Upstreams}}", nginxConfig: "{{_host.Nginx.Config}}" }
                    services:
                      - name: {{_host.Service}}
                        imageUri: "{{WebImage.Reference}}"
                        port: 8080
                        healthPath: /up
                        healthTimeoutSeconds: 600
                        drainSeconds: 1
                        command: {{command}}
            """);
        return await BuildShDeploy.StartAsync(config, "home", checkout, runId, new Dictionary<string, string> { ["HOME_KEY"] = sshd.UserKey.Reveal() }, extra);
    }

    private async Task<string[]> DeployedAsync(string checkout, string runId, string version)
    {
        await using var run = await StartAsync(checkout, runId, version);
        var exit = await run.ExitAsync(RunDeadline);
        Assert.True(exit == 0, $"exit {exit}:\n{run.Output}");
        Assert.Equal(version, await _host.ServedAsync());
        return await _host.ContainersAsync(all: true);
    }

    /// <summary>Watches the host (podman ps) until a container other than <paramref name="before"/> runs for the service.</summary>
    private async Task NewContainerRunningAsync(BuildShDeploy run, string[] before)
    {
        using var bound = new CancellationTokenSource(RunDeadline);
        while ((await _host.ContainersAsync(all: false)).Except(before).Any() is false)
        {
            Assert.False(run.HasExited, $"the run ended before its new container ran:\n{run.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), bound.Token);
        }
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
