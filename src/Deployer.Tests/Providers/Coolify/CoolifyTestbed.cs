using Deployer.Config;
using Deployer.Planning;
using Deployer.Providers.Coolify;
using Deployer.Providers.Coolify.Api;
using Deployer.Secrets;
using Deployer.Simulators.Coolify;

namespace Deployer.Tests.Providers.Coolify;

/// <summary>A Coolify simulator with one application, and the handler pointed at it; disposed with the test.</summary>
public sealed class CoolifyTestbed : IAsyncDisposable
{
    public const string Head = "6f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";
    private readonly List<CoolifyClient> _clients = [];

    private CoolifyTestbed(CoolifySimulator simulator, SimulatedCoolifyApplication application)
    {
        Simulator = simulator;
        Application = application;
    }

    public CoolifySimulator Simulator { get; }
    public SimulatedCoolifyApplication Application { get; }
    public string Token => CoolifySimulatorOptions.Default.Token;

    public static async Task<CoolifyTestbed> StartAsync(CoolifySimulatorOptions? options = null)
    {
        var simulator = await CoolifySimulator.StartAsync(options);
        return new CoolifyTestbed(simulator, simulator.AddApplication("monitoring", Head, fqdn: "https://grafana.pi.authorworks.example.com"));
    }

    public CoolifyClient Client(string? token = null)
    {
        var client = new CoolifyClient(Simulator.Endpoint, new Secret(token ?? Token), TimeProvider.System);
        lock (_clients) _clients.Add(client);
        return client;
    }

    public CoolifyStepHandler Handler(TimeProvider? time = null, string? token = null)
    {
        var client = Client(token);
        return new CoolifyStepHandler(_ => client.Api, time ?? TimeProvider.System, TimeSpan.FromMilliseconds(20));
    }

    public DeployCoolifyStep Step(int timeoutMinutes = 15, bool force = false, IReadOnlyList<string>? applications = null) =>
        new("deploy-coolify:pi", [], new CoolifyTargetSpec
        {
            Name = "pi",
            Url = Simulator.Endpoint.ToString(),
            Token = new SecretRef { Env = "COOLIFY_TOKEN" },
            Applications = applications ?? [Application.Uuid],
            Force = force,
            TimeoutMinutes = timeoutMinutes,
        }, "environments.pi.coolify[0]");

    public DeployCoolifyStep Rollback(IReadOnlyDictionary<string, string>? recorded) => Step() with { Mode = PlanMode.Rollback, Recorded = recorded };

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await Simulator.DisposeAsync();
    }
}
