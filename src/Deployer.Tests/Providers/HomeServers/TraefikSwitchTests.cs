using Deployer.Execution;
using Deployer.Providers.HomeServers;
using Deployer.Simulators.Traefik;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// Blue/green behind Traefik's file provider on the test sshd, podman containers as the colours. No Traefik binary is
/// served here: the file on the host is checked against Traefik's published schema, followed from the domain's router
/// to the URL it names, and that URL is asked which version it serves.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TraefikSwitchTests(SshServer sshd) : IAsyncLifetime
{
    private readonly string _service = "web" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _directory = Directory.CreateTempSubdirectory("deployer-traefik-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string Domain => $"{_service}.example.test";
    private string ConfigPath => Path.Combine(_directory, "dynamic", "app.yml");
    private SshConnection _connection = null!;
    private HomeDeploy _deploy = null!;

    public async Task InitializeAsync()
    {
        RequiredTool.Program("podman", "podman");
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        await WebImage.EnsureAsync(sshd);
        _connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        _deploy = new HomeDeploy(sshd, _connection, _http, _service, new ProxySpec { Kind = ProxyKind.Traefik, ConfigPath = ConfigPath }, Domain);
    }

    [Fact]
    public async Task The_file_on_the_host_is_schema_valid_and_routes_the_domain_to_the_new_colour()
    {
        await _deploy.RunAsync("v1");

        var second = await _deploy.RunAsync("v2");

        Assert.Equal(Outcome.Succeeded, second.Outcome);
        var text = await File.ReadAllTextAsync(ConfigPath);
        Assert.Empty(TraefikConfig.Validate(text));
        Assert.Equal("v2", await RoutedAsync(text));
        Assert.Equal(second.OutputAs<HomeServerDeployed>()!.Containers[0], TraefikConfig.Parse(text)[_service].Container);
        Assert.False(File.Exists(ConfigPath + ".deployer-new"));
    }

    [Fact]
    public async Task The_file_is_replaced_by_a_rename_so_a_reader_on_the_host_never_sees_it_absent_or_partial()
    {
        await _deploy.RunAsync("v1");
        var seen = new HashSet<string>();
        var last = "";
        using var stop = new CancellationTokenSource();
        var firstRead = new TaskCompletionSource();
        var reader = Task.Run(() =>
        {
            do
            {
                try
                {
                    seen.Add(last = File.ReadAllText(ConfigPath));
                }
                catch (FileNotFoundException)
                {
                    seen.Add("<absent>");
                }
                firstRead.TrySetResult();
                Thread.Sleep(1); // pacing only, so the loop leaves the deploy some CPU
            } while (!stop.IsCancellationRequested);
            seen.Add(last = File.ReadAllText(ConfigPath));
        });
        await firstRead.Task;

        var second = await _deploy.RunAsync("v2");
        await stop.CancelAsync();
        await reader;

        Assert.Equal(Outcome.Succeeded, second.Outcome);
        Assert.Equal(2, seen.Count);
        Assert.All(seen, text => Assert.Empty(TraefikConfig.Validate(text)));
        Assert.Equal("v2", await RoutedAsync(last));
    }

    [Fact]
    public async Task A_release_that_never_gets_healthy_leaves_the_file_untouched()
    {
        await _deploy.RunAsync("v1");
        var before = await File.ReadAllTextAsync(ConfigPath);

        var sick = await _deploy.RunAsync("sick", healthTimeout: 3);

        Assert.Equal(Outcome.RolledBack, sick.Outcome);
        Assert.Equal(before, await File.ReadAllTextAsync(ConfigPath));
        Assert.Equal("v1", await RoutedAsync(before));
    }

    [Fact]
    public async Task Cancelling_mid_switch_writes_the_old_colour_back_and_removes_the_new_one()
    {
        var first = (await _deploy.RunAsync("v1")).OutputAs<HomeServerDeployed>()!;
        using var cancel = new CancellationTokenSource();

        var cancelled = await _deploy.RunAsync("v2", cancel: cancel, before: command =>
        {
            if (command.Argv.Contains("mv")) cancel.Cancel();
        });

        Assert.Equal(Outcome.Cancelled, cancelled.Outcome);
        Assert.Contains("cancelled during the switch", cancelled.Message);
        var text = await File.ReadAllTextAsync(ConfigPath);
        Assert.Empty(TraefikConfig.Validate(text));
        Assert.Equal(first.Containers[0], TraefikConfig.Parse(text)[_service].Container);
        Assert.Equal("v1", await RoutedAsync(text));
        Assert.Equal(first.Containers, await _deploy.ContainersAsync(all: true));
    }

    [Fact]
    public async Task A_rollback_routes_the_recorded_container_again_through_the_health_gate()
    {
        var first = (await _deploy.RunAsync("v1")).OutputAs<HomeServerDeployed>()!;
        await _deploy.RunAsync("v2");

        var rolledBack = await _deploy.RunAsync("v1", recorded: first.Containers[0]);

        Assert.Equal(Outcome.Succeeded, rolledBack.Outcome);
        var text = await File.ReadAllTextAsync(ConfigPath);
        Assert.Equal(first.Containers[0], TraefikConfig.Parse(text)[_service].Container);
        Assert.Equal("v1", await RoutedAsync(text));
    }

    /// <summary>
    /// What the domain's one router reaches, followed through the file as Traefik would (the Traefik simulator's reading
    /// of it; no Traefik binary here): the first server of its service, asked directly.
    /// </summary>
    private async Task<string> RoutedAsync(string text)
    {
        var config = TraefikDynamicConfig.Parse(text);
        var router = Assert.Single(config.Routers, r => r.Hosts.Contains(Domain));
        return (await _http.GetStringAsync(config.Services[router.Service][0])).Trim();
    }

    public async Task DisposeAsync()
    {
        if (_deploy is not null) await _deploy.RemoveAllAsync();
        _connection?.Dispose();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
