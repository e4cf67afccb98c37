using System.Text.Json;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Tests.Providers.Ecs;
using Deployer.Tests.Support;
using Deployer.Providers.Verify;

namespace Deployer.Tests.Providers.Verify;

/// <summary>Verify checks fetch the public URLs until they answer as expected; a failing one puts the deployed services back.</summary>
public sealed class VerifyTests
{
    private static VerifySpec Check(string url, int timeoutSeconds = 5, string? contains = null, int status = 200) =>
        new() { Name = "health", Url = url, TimeoutSeconds = timeoutSeconds, Contains = contains, ExpectStatus = status };

    [Theory]
    [InlineData(200, "ok", null, 200, null)]
    [InlineData(503, "down", null, 200, "answered 503, expected 200")]
    [InlineData(200, "<h1>Welcome</h1>", "Dashboard", 200, "answered 200 without \"Dashboard\" in the body (\"<h1>Welcome</h1>\")")]
    [InlineData(301, "", null, 301, null)]
    public void An_answer_passes_when_status_and_text_match(int status, string body, string? contains, int expect, string? reason)
    {
        Assert.Equal(reason, HttpCheck.Judge(Check("https://x", contains: contains, status: expect), status, body));
    }

    [Fact]
    public void No_answer_says_why()
    {
        Assert.Equal("Connection refused (127.0.0.1:9)", HttpCheck.Judge(Check("http://127.0.0.1:9/"), null, "", "Connection refused (127.0.0.1:9)"));
    }

    private static async Task<StepResult> VerifyAsync(params VerifySpec[] checks)
    {
        using var transport = new SocketsHttpHandler();
        var handler = new VerifyStepHandler(transport, TimeProvider.System, TimeSpan.FromMilliseconds(100), (_, _) => { });
        return await handler.RunAsync(new VerifyStep("verify", [], checks), new ExecutionState(), CancellationToken.None);
    }

    [Fact]
    public async Task A_site_that_becomes_healthy_within_the_timeout_passes()
    {
        await using var site = await SiteServer.StartAsync();
        site.Answer("/health", hit => hit < 3 ? (502, "bad gateway") : (200, "{\"status\":\"ok\"}"));

        var result = await VerifyAsync(Check(site.Url("/health"), contains: "\"ok\""));

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(3, site.Hits("/health"));
        Assert.Equal(site.Url("/health"), result.Outputs["urls"]);
    }

    [Fact]
    public async Task A_site_that_stays_down_fails_with_the_last_answer_after_its_timeout()
    {
        await using var site = await SiteServer.StartAsync();
        site.Answer("/health", _ => (503, "maintenance"));
        site.Answer("/", _ => (200, "home"));

        var result = await VerifyAsync(Check(site.Url("/health"), timeoutSeconds: 1), Check(site.Url("/"), timeoutSeconds: 1) with { Name = "home" });

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Equal($"health: GET {site.Url("/health")} answered 503, expected 200", result.Message);
        Assert.True(site.Hits("/health") > 2, $"{site.Hits("/health")} attempts");
        Assert.Equal(1, site.Hits("/"));
    }

    [Fact]
    public async Task A_failed_check_after_an_ecs_deploy_puts_the_service_back_on_its_previous_task_definition()
    {
        await using var world = await EcsWorld.StartAsync();
        var previous = await world.SeedServiceAsync("api", "example/api:1", 1);
        await using var site = await SiteServer.StartAsync();
        site.Answer("/health", _ => (500, "the new version crashes on start"));
        world.Describe($$"""
            app: shop
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                cluster: shop
                services: [{ name: api, imageUri: "example/api:2", desiredCount: 1 }]
                verify: [{ name: health, url: "{{site.Url("/health")}}", timeoutSeconds: 2 }]
            """);

        var run = world.Surface.Run("DeployStaging", "--skip", "--config", world.DescriptionFile, "--git-sha", EcsWorld.Sha);

        Assert.True(run.ExitCode == 3, run.All);
        Assert.Contains($"✗ verify: Failed", run.All);
        Assert.Contains($"health: GET {site.Url("/health")} answered 500, expected 200", run.All);
        Assert.Equal(previous, (await world.ServiceAsync("api"))["taskDefinition"]!.GetValue<string>());
        using var json = JsonDocument.Parse(File.ReadAllText(world.Surface.ResultFile));
        Assert.Equal("RolledBack", json.RootElement.GetProperty("outcome").GetString());
    }
}
