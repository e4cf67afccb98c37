using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.HomeServers;
using Deployer.Secrets;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>One service deployed blue/green to the test sshd's podman behind a given proxy, through the real step handler.</summary>
public sealed class HomeDeploy(SshServer sshd, SshConnection connection, HttpClient http, string service, ProxySpec proxy, string? domain)
{
    public async Task<StepResult> RunAsync(string version, int healthTimeout = 20, string? recorded = null,
        CancellationTokenSource? cancel = null, Action<RemoteCommand>? before = null, int keep = 3)
    {
        var spec = new HomeServiceSpec
        {
            Name = service, ImageUri = WebImage.Reference, Port = 8080, Domain = domain, HealthPath = "/up", Command = WebImage.Serve(version),
            HealthIntervalSeconds = 1, HealthTimeoutSeconds = healthTimeout, DrainSeconds = 1, Keep = keep,
        };
        var server = new HomeServerSpec
        {
            Host = "127.0.0.1", Port = sshd.Port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_KEY" }, HostKey = sshd.HostKey,
            Engine = ContainerEngine.Podman, Proxy = proxy, Services = [spec],
        };
        var step = new DeployHomeServerStep($"deploy-home-server:{service}", [], server, new Dictionary<string, string> { [service] = WebImage.Reference })
        {
            Mode = recorded is null ? PlanMode.Release : PlanMode.Rollback,
            Recorded = recorded is null ? null : new Dictionary<string, string> { [service] = recorded },
        };
        var host = new ObservedHost(connection, before ?? (_ => { }));
        var handler = new HomeServerStepHandler((_, _) => Task.FromResult<IHomeHost>(host), (_, _) => new Dictionary<string, Secret>(), http, TimeProvider.System);
        return await handler.RunAsync(step, new ExecutionState(), cancel?.Token ?? CancellationToken.None);
    }

    public async Task<string[]> ContainersAsync(bool all)
    {
        var listed = await connection.RequireAsync(new ContainerCommands(ContainerEngine.Podman).List(service, all), CancellationToken.None);
        return listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public async Task RemoveAllAsync()
    {
        var names = await ContainersAsync(all: true);
        if (names.Length > 0) await connection.RunAsync(new ContainerCommands(ContainerEngine.Podman).Remove(names), CancellationToken.None);
    }
}

/// <summary>An HTTP handler that sees every request before it is sent (to cancel a run at an exact point of a proxy's API).</summary>
public sealed class ObservedHandler(Action<HttpRequestMessage> before) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        before(request);
        return base.SendAsync(request, cancellationToken);
    }
}
