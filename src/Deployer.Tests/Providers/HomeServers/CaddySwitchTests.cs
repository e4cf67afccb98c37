using System.Text.Json.Nodes;
using Deployer.Execution;
using Deployer.Providers.HomeServers;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>Blue/green behind a real caddy, switched through its admin API over the test sshd's port forward, podman containers as the colours.</summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CaddySwitchTests(SshServer sshd) : IAsyncLifetime
{
    private readonly string _service = "web" + Guid.NewGuid().ToString("N")[..6];
    private string Domain => $"{_service}.example.test";
    private readonly List<Action<HttpRequestMessage>> _hooks = [];
    private HttpClient _http = null!;
    private CaddyProxy _caddy = null!;
    private SshConnection _connection = null!;
    private HomeDeploy _deploy = null!;

    public async Task InitializeAsync()
    {
        RequiredTool.Program("podman", "podman");
        _http = new HttpClient(new ObservedHandler(r => _hooks.ForEach(h => h(r)))) { Timeout = TimeSpan.FromSeconds(10) };
        await WebImage.EnsureAsync(sshd);
        _caddy = await CaddyProxy.StartAsync();
        _connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        _deploy = new HomeDeploy(sshd, _connection, _http, _service, new ProxySpec { Kind = ProxyKind.Caddy, AdminUrl = _caddy.AdminUrl }, Domain);
    }

    [Fact]
    public async Task The_route_for_the_domain_goes_in_front_of_the_users_routes_and_then_switches_to_the_new_colour()
    {
        var first = await _deploy.RunAsync("v1");
        Assert.Equal(Outcome.Succeeded, first.Outcome);
        Assert.Equal((200, "v1"), await _caddy.GetAsync(_http, Domain));

        var second = await _deploy.RunAsync("v2");

        Assert.Equal(Outcome.Succeeded, second.Outcome);
        Assert.Equal((200, "v2"), await _caddy.GetAsync(_http, Domain));
        Assert.Equal((503, "no route"), await _caddy.GetAsync(_http, "elsewhere.example.test"));
        var routes = await RoutesAsync();
        Assert.Equal(2, routes.Count);
        Assert.Equal(second.OutputAs<HomeServerDeployed>()!.Containers[0], CaddyRoutes.Parse(routes[0])!.Container);
        Assert.Equal([second.OutputAs<HomeServerDeployed>()!.Containers[0]], await _deploy.ContainersAsync(all: false));
    }

    [Fact]
    public async Task A_release_that_never_gets_healthy_leaves_the_old_colour_serving()
    {
        var first = await _deploy.RunAsync("v1");

        var sick = await _deploy.RunAsync("sick", healthTimeout: 3);

        Assert.Equal(Outcome.RolledBack, sick.Outcome);
        Assert.Equal((200, "v1"), await _caddy.GetAsync(_http, Domain));
        Assert.Equal(first.OutputAs<HomeServerDeployed>()!.Containers, await _deploy.ContainersAsync(all: true));
    }

    [Fact]
    public async Task Cancelling_mid_switch_puts_the_old_route_back_and_removes_the_new_colour()
    {
        var first = (await _deploy.RunAsync("v1")).OutputAs<HomeServerDeployed>()!;
        using var cancel = new CancellationTokenSource();
        _hooks.Add(request =>
        {
            if (request.Method == HttpMethod.Patch) cancel.Cancel();
        });

        var cancelled = await _deploy.RunAsync("v2", cancel: cancel);

        Assert.Equal(Outcome.Cancelled, cancelled.Outcome);
        Assert.Contains("cancelled during the switch", cancelled.Message);
        for (var i = 0; i < 5; i++) Assert.Equal((200, "v1"), await _caddy.GetAsync(_http, Domain));
        Assert.Equal(first.Containers[0], CaddyRoutes.Parse((await RoutesAsync())[0])!.Container);
        Assert.Equal(first.Containers, await _deploy.ContainersAsync(all: true));
    }

    private async Task<JsonArray> RoutesAsync()
    {
        var config = JsonNode.Parse(await new HttpClient().GetStringAsync($"{_caddy.AdminUrl}/config/apps/http/servers/main/routes"));
        return config!.AsArray();
    }

    public async Task DisposeAsync()
    {
        if (_deploy is not null) await _deploy.RemoveAllAsync();
        _connection?.Dispose();
        if (_caddy is not null) await _caddy.DisposeAsync();
        _http.Dispose();
    }
}
