using Deployer.Providers.Vercel;
using Deployer.Providers.Vercel.Api;
using Deployer.Secrets;
using Deployer.Simulators.Vercel;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>A Vercel simulator, a folder to deploy and the handler pointed at both; disposed with the test.</summary>
public sealed class VercelTestbed : IAsyncDisposable
{
    private readonly List<VercelClients> _clients = [];
    private readonly List<HttpMessageHandler> _transports = [];

    private VercelTestbed(VercelSimulator simulator, string root)
    {
        Simulator = simulator;
        Root = root;
    }

    public VercelSimulator Simulator { get; }
    public string Root { get; }
    public string Site => Path.Combine(Root, "site");

    public static async Task<VercelTestbed> StartAsync(params string[] teams)
    {
        var root = Directory.CreateTempSubdirectory("deployer-vercel-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "site"));
        var options = VercelSimulatorOptions.Default with { Teams = teams };
        return new VercelTestbed(await VercelSimulator.StartAsync(options), root);
    }

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Site, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public VercelStepHandler Handler(TimeProvider? time = null, string token = "vercel-test-token", VercelDeploymentCheck? check = null) =>
        new(spec =>
        {
            var clients = new VercelClients(Simulator.Endpoint, new Secret(token), new VercelScope(spec.Team), TimeProvider.System);
            lock (_clients) _clients.Add(clients);
            return clients;
        }, Root, time ?? TimeProvider.System, check ?? Check(), TimeSpan.FromMilliseconds(20));

    /// <summary>The deployment check, its requests sent to the simulator (which serves deployments by Host).</summary>
    /// <param name="observe">Run before each check request is sent (a test looks at the world while the check is under way).</param>
    public VercelDeploymentCheck Check(Func<Task>? observe = null)
    {
        HttpMessageHandler transport = new SocketsHttpHandler();
        if (observe is not null) transport = new Observing(observe) { InnerHandler = transport };
        lock (_clients) _transports.Add(transport);
        return new VercelDeploymentCheck(transport, TimeProvider.System, TimeSpan.FromMilliseconds(50), Simulator.Endpoint);
    }

    private sealed class Observing(Func<Task> observe) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await observe();
            return await base.SendAsync(request, cancellationToken);
        }
    }

    public static DeployVercelProjectStep Step(string project = "web", bool production = true, string? team = null, int timeoutMinutes = 20) =>
        new($"deploy-vercel:{project}", [], new VercelProjectSpec
        {
            Project = project, Directory = "site", Production = production, Team = team, TimeoutMinutes = timeoutMinutes,
        });

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        foreach (var transport in _transports) transport.Dispose();
        await Simulator.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
