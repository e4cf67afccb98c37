using System.Text.Json.Nodes;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Tests.Releases;

/// <summary>The gates' results in a release payload (GitHub deployment payload and local ledger alike): written, read back, optional.</summary>
public sealed class GateRecordPayloadTests
{
    private static readonly Release Plain = new("shop", "staging", new string('a', 40), PlanMode.Release,
        new Dictionary<string, string> { ["api"] = "repo@sha256:1" }, new Dictionary<string, string> { ["deploy-ecs:api"] = "arn:td/api:7" }, null, []);

    [Fact]
    public void Scan_counts_and_smoke_results_survive_the_payload_round_trip()
    {
        var release = Plain with
        {
            Scans = new Dictionary<string, ScanRecord> { ["api"] = new("sha256:1", 0, 2, 5, 1, 0, 3, 1, true) },
            Smoke = new Dictionary<string, SmokeRecord>
            {
                ["deploy-ecs:api"] = new("http://127.0.0.1:9000", false, [
                    new("health", "http://127.0.0.1:9000/health", 3, false, "3 of 3 request(s) failed: answered 500, expected 200"),
                    new("home", "http://127.0.0.1:9000/", 3, true)]),
            },
        };

        var json = ReleasePayload.ToJson(release);
        var parsed = ReleasePayload.Parse(JsonNode.Parse(json.ToJsonString()))!; // as stored: text

        Assert.Equal(2, json["scans"]!["api"]!["high"]!.GetValue<int>());
        Assert.Equal("3 of 3 request(s) failed: answered 500, expected 200", json["smoke"]!["deploy-ecs:api"]!["checks"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(release.Scans["api"], parsed.Scans!["api"]);
        Assert.Equal(release.Smoke["deploy-ecs:api"].Checks, parsed.Smoke!["deploy-ecs:api"].Checks);
        Assert.False(parsed.Smoke["deploy-ecs:api"].Passed);
    }

    [Fact]
    public void A_release_without_gates_keeps_the_payload_it_always_had_and_a_malformed_gate_entry_never_orphans_the_release()
    {
        var json = ReleasePayload.ToJson(Plain);
        Assert.Null(json["scans"]);
        Assert.Null(json["smoke"]);

        json["scans"] = new JsonObject { ["api"] = "not an object" };
        var parsed = ReleasePayload.Parse(JsonNode.Parse(json.ToJsonString()));

        Assert.NotNull(parsed);
        Assert.Null(parsed.Scans);
        Assert.Equal(Plain.Images, parsed.Images);
    }
}
