using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.HomeServers;
using Deployer.Releases;
using Deployer.Secrets;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>A host reached over the real sshd whose engine is missing or broken: the step fails naming the setting, before any lock or container.</summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostEngineCheckTests(SshServer sshd) : IAsyncLifetime
{
    private readonly string _service = "noengine" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _app = "noengine-app-" + Guid.NewGuid().ToString("N")[..6];
    private readonly List<string> _ran = [];
    private SshConnection? _connection;

    public async Task InitializeAsync() => _connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);

    [Fact]
    public async Task A_host_without_the_engine_fails_naming_the_engine_setting_and_nothing_is_locked_or_started()
    {
        var result = await RunAsync("exec podman ", "exec no-such-podman-here ");

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.StartsWith($"nothing changed: environments.production.homeServers[0].engine: podman is not installed on {sshd.User}@127.0.0.1:{sshd.Port}", result.Message);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Equal(["podman --version"], _ran);
        Assert.False((await _connection!.RunAsync(RemoteCommand.Of("test", "-e", HostDeployLocks.PathOf(_app)), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task An_engine_that_answers_with_an_error_is_named_with_its_exit_status()
    {
        var result = await RunAsync("exec podman ", "echo 'cannot reach the podman socket' >&2; exit 125; ");

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("environments.production.homeServers[0].engine: `podman --version` failed on", result.Message);
        Assert.Contains("(exit 125): cannot reach the podman socket", result.Message);
        Assert.Equal(["podman --version"], _ran);
    }

    private async Task<StepResult> RunAsync(string find, string replace)
    {
        var server = new HomeServerSpec
        {
            Host = "127.0.0.1", Port = sshd.Port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_KEY" }, HostKey = sshd.HostKey,
            Engine = ContainerEngine.Podman, Proxy = new ProxySpec { Kind = ProxyKind.Nginx, ConfigPath = "upstreams.conf" },
            Services = [new HomeServiceSpec { Name = _service, ImageUri = WebImage.Reference, Port = 8080 }],
        };
        var step = new DeployHomeServerStep($"deploy-home-server:{_service}", [], server, new Dictionary<string, string> { [_service] = WebImage.Reference },
            "environments.production.homeServers[0]") { App = _app };
        // The engine is taken away by rewriting the line the host's shell runs; every other program stays.
        var host = new EngineRemovingHost(new SshHomeHost(_connection!), find, replace, _ran);
        var locking = new HostLocking(_app, "me@laptop", "0123456789abcdef0123456789abcdef01234567", false, (_, _) => { });
        var handler = new HomeServerStepHandler((_, _) => Task.FromResult<IHomeHost>(host), (_, _) => new Dictionary<string, Secret>(), new HttpClient(), TimeProvider.System, locking);
        return await handler.RunAsync(step, new ExecutionState(), CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _connection?.Dispose();
        return Task.CompletedTask;
    }

    private sealed class EngineRemovingHost(IHomeHost host, string find, string replace, List<string> ran) : IHomeHost
    {
        public string Name => host.Name;
        public Uri Forward(int port) => host.Forward(port);

        public Task<RemoteResult> RunAsync(RemoteCommand command, Stream? input, CancellationToken cancellationToken)
        {
            ran.Add(command.Line);
            return host.RunAsync(RemoteCommand.Of("sh", "-c", ("exec " + command.Line).Replace(find, replace, StringComparison.Ordinal)), input, cancellationToken);
        }
    }
}
