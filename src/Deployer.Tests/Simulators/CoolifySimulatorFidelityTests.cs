using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Deployer.Simulators.Coolify;
using Deployer.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Simulators;

/// <summary>
/// Every answer the Coolify simulator gives in a deployment's life is checked by ajv against Coolify's published OpenAPI
/// document (coolify-openapi.json, an unchanged extract of coollabsio/coolify's openapi.json at v4.3.11), with objects
/// closed to undeclared properties. Answers the document does not declare (404 of /deploy, 405 of GET /deploy, a proxy's
/// 5xx page) are left out: there is nothing to check them against.
/// </summary>
public sealed class CoolifySimulatorFidelityTests
{
    private static readonly string Spec = Path.Combine("src", "Deployer.Tests", "Simulators", "coolify-openapi.json");
    private static readonly string Validator = Path.Combine("src", "Deployer.Tests", "Simulators", "validate-coolify-responses.mjs");

    [Fact]
    public async Task Every_answer_of_a_deployments_life_matches_the_published_openapi_document()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-05T13:00:00Z"));
        await using var simulator = await CoolifySimulator.StartAsync(CoolifySimulatorOptions.Default with { Time = time });
        var app = simulator.AddApplication("monitoring", "6f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c", fqdn: "https://grafana.pi.example.com");
        var stuck = simulator.AddApplication("uptime", "1111111111111111111111111111111111111111");
        var failing = simulator.AddApplication("loki", "2222222222222222222222222222222222222222");
        simulator.Faults.StuckBuilds[stuck.Uuid] = true;
        simulator.Faults.FailingBuilds[failing.Uuid] = ["error: no space left on device"];
        using var wire = new CoolifyWire(simulator, CoolifySimulatorOptions.Default.Token);

        var (_, queued) = await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid},{stuck.Uuid},{failing.Uuid}&force=false");
        await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}"); // already queued for this commit
        var uuids = queued!["deployments"]!.AsArray().Select(d => d!["deployment_uuid"]!.GetValue<string>()).ToArray();
        foreach (var step in new[] { 0, 150, 400 })
        {
            time.Advance(TimeSpan.FromMilliseconds(step));
            foreach (var uuid in uuids) await wire.SendAsync("GET", "/deployments/{uuid}", $"deployments/{uuid}");
        }
        await wire.SendAsync("POST", "/deployments/{uuid}/cancel", $"deployments/{uuids[1]}/cancel");
        await wire.SendAsync("POST", "/deployments/{uuid}/cancel", $"deployments/{uuids[0]}/cancel"); // finished: 400
        await wire.SendAsync("GET", "/deployments/{uuid}", $"deployments/{uuids[1]}");
        await wire.SendAsync("GET", "/deployments/{uuid}", "deployments/nosuchdeployment");
        await wire.SendAsync("GET", "/applications/{uuid}", $"applications/{app.Uuid}");
        await wire.SendAsync("GET", "/applications/{uuid}", $"applications/{stuck.Uuid}");
        await wire.SendAsync("GET", "/applications/{uuid}", "applications/nosuchapp");
        await wire.SendAsync("GET", "/applications/{uuid}/rollback-images", $"applications/{app.Uuid}/rollback-images");
        await wire.SendAsync("GET", "/applications/{uuid}/rollback-images", $"applications/{stuck.Uuid}/rollback-images");
        await wire.SendAsync("POST", "/applications/{uuid}/rollback", $"applications/{app.Uuid}/rollback", """{"commit":"6f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"}""");
        await wire.SendAsync("POST", "/applications/{uuid}/rollback", $"applications/{app.Uuid}/rollback", """{"commit":"abc","force":true}""");
        await wire.SendAsync("POST", "/applications/{uuid}/rollback", $"applications/{app.Uuid}/rollback", "{}");
        await wire.SendAsync("POST", "/deploy", "deploy");
        await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}", bearer: "1|wrong");
        await wire.SendAsync("GET", "/deployments/{uuid}", $"deployments/{uuids[0]}", bearer: "1|wrong");
        simulator.Faults.Next.Enqueue((429, 60));
        await wire.SendAsync("POST", "/deploy", $"deploy?uuid={app.Uuid}");

        var lines = await ValidateAsync(wire.Exchanges);

        Assert.Equal(wire.Exchanges.Count, lines.Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Equal([200, 400, 401, 404, 422, 429], wire.Exchanges.Select(e => (int)e["status"]!).Distinct().Order());
        var statuses = wire.Exchanges.Where(e => (string)e["path"]! == "/deployments/{uuid}" && (int)e["status"]! == 200)
            .Select(e => (string)e["body"]!["status"]!).ToHashSet();
        Assert.True(statuses.SetEquals(["queued", "in_progress", "finished", "failed", "cancelled-by-user"]), string.Join(", ", statuses));
    }

    [Fact]
    public async Task The_check_refuses_a_wrong_type_and_a_property_the_document_does_not_declare()
    {
        var exchanges = new List<JsonObject>
        {
            new() { ["method"] = "get", ["path"] = "/deployments/{uuid}", ["status"] = 200, ["body"] = new JsonObject { ["deployment_uuid"] = "x", ["status"] = 3 } },
            new() { ["method"] = "get", ["path"] = "/applications/{uuid}", ["status"] = 200, ["body"] = new JsonObject { ["uuid"] = "x", ["running_commit"] = "y" } },
            new() { ["method"] = "post", ["path"] = "/deploy", ["status"] = 404, ["body"] = new JsonObject { ["message"] = "No resources found." } },
        };

        var lines = await ValidateAsync(exchanges, expectFailure: true);

        Assert.Contains("invalid 0 GET /deployments/{uuid} 200: /status must be string", lines);
        Assert.Contains("invalid 1 GET /applications/{uuid} 200: / must NOT have additional properties (running_commit)", lines);
        Assert.Contains("invalid 2 POST /deploy 404: the document declares no JSON answer for it", lines);
    }

    private static async Task<IReadOnlyList<string>> ValidateAsync(IReadOnlyList<JsonObject> exchanges, bool expectFailure = false)
    {
        var node = NodeTools.Require();
        var file = Path.Combine(Path.GetTempPath(), $"deployer-coolify-exchanges-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonArray([.. exchanges.Select(e => (JsonNode)e.DeepClone())]).ToJsonString());
        try
        {
            var result = await Cli.Wrap(node).WithArguments([Validator, Spec, file]).WithWorkingDirectory(Repository.Root)
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(expectFailure ? result.ExitCode == 1 : result.ExitCode == 0, result.StandardOutput + result.StandardError);
            return lines;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
