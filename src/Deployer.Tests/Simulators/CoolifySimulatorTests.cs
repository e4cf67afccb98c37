using Deployer.Simulators.Coolify;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Simulators;

/// <summary>The Coolify simulator behaves as Coolify's controllers do: its clock, its queue rules, its refusals.</summary>
public sealed class CoolifySimulatorTests
{
    private const string Head = "6f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c";

    [Fact]
    public async Task A_deployment_is_queued_then_in_progress_then_finished_as_time_passes_and_resolves_its_commit()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await CoolifySimulator.StartAsync(CoolifySimulatorOptions.Default with { Time = time });
        var app = simulator.AddApplication("monitoring", Head);
        using var wire = new CoolifyWire(simulator, CoolifySimulatorOptions.Default.Token);

        var (_, queued) = await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}");
        var uuid = queued!["deployments"]![0]!["deployment_uuid"]!.GetValue<string>();
        var seen = new List<string>();
        foreach (var step in new[] { 0, 150, 200 })
        {
            time.Advance(TimeSpan.FromMilliseconds(step));
            var (_, deployment) = await wire.SendAsync("GET", "/deployments/{uuid}", $"deployments/{uuid}");
            seen.Add($"{deployment!["status"]} {deployment["commit"]}");
        }

        Assert.Equal(["queued HEAD", $"in_progress {Head}", $"finished {Head}"], seen);
        Assert.Equal(Head, simulator.RunningOf(app.Uuid));
        Assert.Equal($"Application monitoring deployment queued.", queued["deployments"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_applications_domain_answers_no_available_server_until_a_deployment_finished_then_the_application()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await CoolifySimulator.StartAsync(CoolifySimulatorOptions.Default with { Time = time });
        var app = simulator.AddApplication("monitoring", Head, fqdn: "https://grafana.example.com,https://metrics.example.com");
        using var wire = new CoolifyWire(simulator, CoolifySimulatorOptions.Default.Token);
        // As the public reaches it: the domain in the Host header, no API token.
        using var http = new HttpClient();
        async Task<(int, string)> GetAsync(string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.Endpoint, "api/health")) { Headers = { Host = host } };
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
        }

        var before = await GetAsync("grafana.example.com");
        await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}");
        var building = await GetAsync("grafana.example.com");
        time.Advance(TimeSpan.FromSeconds(1));
        var after = await GetAsync("metrics.example.com");

        Assert.Equal((503, "no available server"), before);
        Assert.Equal((503, "no available server"), building);
        Assert.Equal((200, $"monitoring {Head}"), after);
        Assert.Equal(3, simulator.Served.Count);
        Assert.DoesNotContain(simulator.Requests, r => r.Contains("health", StringComparison.Ordinal)); // the API's log holds API calls only
    }

    [Fact]
    public async Task A_second_deploy_of_a_queued_commit_answers_the_same_deployment_unless_forced()
    {
        await using var simulator = await CoolifySimulator.StartAsync(CoolifySimulatorOptions.Default with { Time = new FakeTimeProvider() });
        var app = simulator.AddApplication("monitoring", Head);
        using var wire = new CoolifyWire(simulator, CoolifySimulatorOptions.Default.Token);

        var (_, first) = await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}");
        var (_, again) = await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}");
        var (_, forced) = await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}&force=true");

        Assert.Equal(first!["deployments"]![0]!["deployment_uuid"]!.GetValue<string>(), again!["deployments"]![0]!["deployment_uuid"]!.GetValue<string>());
        Assert.Equal("Deployment already queued for this commit.", again["deployments"]![0]!["message"]!.GetValue<string>());
        Assert.NotEqual(first["deployments"]![0]!["deployment_uuid"]!.GetValue<string>(), forced!["deployments"]![0]!["deployment_uuid"]!.GetValue<string>());
        Assert.Equal(2, simulator.Deployments.Count);
    }

    [Fact]
    public async Task Another_token_is_unauthenticated_and_a_get_of_deploy_says_it_moved_to_post()
    {
        await using var simulator = await CoolifySimulator.StartAsync();
        var app = simulator.AddApplication("monitoring", Head);
        using var wire = new CoolifyWire(simulator, CoolifySimulatorOptions.Default.Token);

        var (refused, body) = await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}", bearer: "1|other");
        var (moved, movedBody) = await wire.SendAsync("GET", "/deploy", $"deploy?uuid={app.Uuid}");

        Assert.Equal(401, refused);
        Assert.Equal("Unauthenticated.", body!["message"]!.GetValue<string>());
        Assert.Equal(405, moved);
        Assert.Equal("This endpoint has changed to a POST request.", movedBody!["message"]!.GetValue<string>());
        Assert.Empty(simulator.Deployments);
    }

    [Fact]
    public async Task Only_a_queued_or_running_deployment_can_be_cancelled()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await CoolifySimulator.StartAsync(CoolifySimulatorOptions.Default with { Time = time });
        var app = simulator.AddApplication("monitoring", Head);
        using var wire = new CoolifyWire(simulator, CoolifySimulatorOptions.Default.Token);
        var (_, queued) = await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}");
        var uuid = queued!["deployments"]![0]!["deployment_uuid"]!.GetValue<string>();

        var (cancelled, _) = await wire.SendAsync("POST", "/deployments/{uuid}/cancel", $"deployments/{uuid}/cancel");
        var (again, body) = await wire.SendAsync("POST", "/deployments/{uuid}/cancel", $"deployments/{uuid}/cancel");
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(200, cancelled);
        Assert.Equal(400, again);
        Assert.Equal("Deployment cannot be cancelled. Current status: cancelled-by-user", body!["message"]!.GetValue<string>());
        Assert.Equal("cancelled-by-user", simulator.StatusOf(uuid));
        Assert.Null(simulator.RunningOf(app.Uuid));
    }
}
