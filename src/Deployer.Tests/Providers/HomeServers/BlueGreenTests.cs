using Deployer.Config;
using Deployer.Execution;
using Deployer.Providers.HomeServers;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>Blue/green against the real parts: sshd on loopback, podman on "the host" (this machine) and a real nginx.</summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BlueGreenTests(SshServer sshd) : IAsyncLifetime
{
    private NginxHost _host = null!;

    public async Task InitializeAsync() => _host = await NginxHost.StartAsync(sshd, "web");

    [Fact]
    public async Task A_new_colour_takes_over_once_healthy_and_the_old_one_is_stopped_but_kept()
    {
        var first = await DeployAsync("v1");
        var second = await DeployAsync("v2");

        Assert.Equal(Outcome.Succeeded, first.Outcome);
        Assert.Equal(Outcome.Succeeded, second.Outcome);
        var blue = first.OutputAs<HomeServerDeployed>()!;
        var green = second.OutputAs<HomeServerDeployed>()!;
        Assert.Equal(["blue"], blue.Colours);
        Assert.Equal(["green"], green.Colours);
        Assert.Equal([WebImage.Reference], green.Images);
        Assert.Equal("v2", await _host.ServedAsync());
        Assert.Equal([green.Containers[0]], await _host.ContainersAsync(all: false));
        Assert.Contains(blue.Containers[0], await _host.ContainersAsync(all: true));
    }

    [Fact]
    public async Task A_release_that_never_gets_healthy_is_removed_and_the_old_colour_keeps_serving()
    {
        var first = await DeployAsync("v1");

        var sick = await DeployAsync("sick", healthTimeout: 3);

        Assert.Equal(Outcome.RolledBack, sick.Outcome);
        Assert.Contains("not healthy within 3 s: last answer HTTP 404", sick.Message);
        Assert.NotNull(sick.Forensics);
        Assert.Equal("v1", await _host.ServedAsync());
        Assert.Equal(first.OutputAs<HomeServerDeployed>()!.Containers, await _host.ContainersAsync(all: true));
    }

    [Fact]
    public async Task Cancelling_mid_switch_leaves_nginx_serving_the_old_colour_and_removes_the_new_one()
    {
        var first = await DeployAsync("v1");
        using var cancel = new CancellationTokenSource();

        var cancelled = await DeployAsync("v2", cancel: cancel, before: command =>
        {
            if (command.Argv.Contains("reload")) cancel.Cancel();
        });

        Assert.Equal(Outcome.Cancelled, cancelled.Outcome);
        Assert.Contains("cancelled during the switch", cancelled.Message);
        for (var i = 0; i < 5; i++) Assert.Equal("v1", await _host.ServedAsync());
        Assert.Equal(first.OutputAs<HomeServerDeployed>()!.Containers, await _host.ContainersAsync(all: true));
        Assert.Equal(File.ReadAllText(_host.Nginx.Upstreams), NginxUpstreams.Render(NginxUpstreams.Parse(File.ReadAllText(_host.Nginx.Upstreams))));
        Assert.Contains(first.OutputAs<HomeServerDeployed>()!.Containers[0], File.ReadAllText(_host.Nginx.Upstreams));
    }

    [Fact]
    public async Task A_rollback_starts_the_recorded_container_again_through_the_health_gate()
    {
        var first = (await DeployAsync("v1")).OutputAs<HomeServerDeployed>()!;
        await DeployAsync("v2");

        var rolledBack = await DeployAsync("v1", recorded: first.Containers[0]);

        Assert.Equal(Outcome.Succeeded, rolledBack.Outcome);
        Assert.Equal("v1", await _host.ServedAsync());
        Assert.Equal([first.Containers[0]], await _host.ContainersAsync(all: false));
    }

    [Fact]
    public async Task Only_the_newest_stopped_containers_are_kept()
    {
        var deployed = new List<string>();
        for (var i = 0; i < 3; i++) deployed.Add((await DeployAsync(i % 2 == 0 ? "v1" : "v2", keep: 1)).OutputAs<HomeServerDeployed>()!.Containers[0]);

        Assert.Equal(deployed[1..].Order(), (await _host.ContainersAsync(all: true)).Order());
    }

    private Task<StepResult> DeployAsync(string version, int healthTimeout = 20, int keep = 3, string? recorded = null,
        CancellationTokenSource? cancel = null, Action<RemoteCommand>? before = null) =>
        new HomeDeploy(sshd, _host.Direct, _host.Http, _host.Service,
                new ProxySpec { Kind = ProxyKind.Nginx, ConfigPath = _host.Nginx.Upstreams, NginxConfig = _host.Nginx.Config }, domain: null)
            .RunAsync(version, healthTimeout, recorded, cancel, before, keep);

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
