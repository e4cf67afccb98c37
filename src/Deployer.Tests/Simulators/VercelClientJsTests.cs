using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Deployer.Simulators.Vercel;
using Deployer.Tests.Support;

namespace Deployer.Tests.Simulators;

/// <summary>
/// The Vercel simulator driven by <c>@vercel/client</c> (npm), Vercel's own deployment client: where the two disagree,
/// the simulator is wrong.
/// </summary>
public sealed class VercelClientJsTests : IDisposable
{
    private const string Token = "vercel-js-token";

    // Each deploy prints the event types @vercel/client yielded, the SHAs it was told were missing and the final payload.
    private const string Script = """
        import { createDeployment } from "@vercel/client";
        const [apiUrl, token, path, project, teamId] = process.argv.slice(1);
        const deploy = async (options, deployment) => {
          const seen = { events: [], missing: null, uploaded: 0 };
          for await (const event of createDeployment({ token, path, apiUrl, ...options }, { name: project, ...deployment })) {
            seen.events.push(event.type);
            if (event.type === "file-count") seen.missing = event.payload.missing.length;
            if (event.type === "file-uploaded") seen.uploaded++;
            if (["alias-assigned", "error", "canceled"].includes(event.type)) {
              const p = event.payload;
              seen.last = { id: p.id, url: p.url, readyState: p.readyState, aliasAssigned: p.aliasAssigned ?? null, target: p.target ?? null,
                code: p.code ?? p.errorCode ?? null, status: p.status ?? null, message: p.message ?? p.errorMessage ?? null };
              break;
            }
          }
          return seen;
        };
        const out = {};
        out.first = await deploy({}, { target: "production" });
        out.again = await deploy({}, { target: "production" });
        out.preview = await deploy({}, {});
        out.team = await deploy({ teamId: "team_nobody" }, {});
        out.scoped = await deploy({ teamId }, {});
        out.token = await deploy({ token: "not-the-token" }, {});
        console.log(JSON.stringify(out));
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("deployer-vercel-js-").FullName;

    public VercelClientJsTests()
    {
        Write("index.html", "<h1>hello</h1>");
        Write("about/index.html", "<h1>about</h1>");
        Write("assets/app.js", "console.log('app')");
        Write("assets/copy.js", "console.log('app')"); // same content as app.js: one SHA, uploaded once
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, "site", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public async Task Vercel_client_deploys_a_folder_through_missing_files_then_redeploys_it_uploading_nothing_and_sees_errors_as_Vercel_sends_them()
    {
        var node = NodeTools.Require(Path.Combine("@vercel", "client"));
        await using var simulator = await VercelSimulator.StartAsync(VercelSimulatorOptions.Default with { Token = Token, Teams = ["team_js"] });

        var output = await RunAsync(node, simulator, "site");

        var first = output["first"]!;
        // "building" shows only when a poll lands inside the build (the client polls once a second), so it is left out.
        Assert.Equal(["hashes-calculated", "file-count", "file-uploaded", "file-uploaded", "file-uploaded", "all-files-uploaded", "created", "ready", "alias-assigned"],
            Events(first).Where(e => e != "building"));
        Assert.Equal(3, (int)first["missing"]!);
        Assert.Equal(("READY", "production"), ((string)first["last"]!["readyState"]!, (string)first["last"]!["target"]!));
        // Like the API, the time the aliases were assigned (ms since the epoch), which the client passes on as it got it.
        Assert.InRange((long)first["last"]!["aliasAssigned"]!, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(3, simulator.Uploads);
        var again = output["again"]!;
        Assert.DoesNotContain("file-count", Events(again));
        Assert.Equal("alias-assigned", Events(again)[^1]);
        Assert.Equal(3, simulator.Uploads);
        Assert.Equal((string)again["last"]!["id"]!, simulator.ProductionOf("site"));
        // A preview (no target) is READY with its own URL and leaves production where it was.
        var preview = output["preview"]!["last"]!;
        Assert.Equal("READY", (string)preview["readyState"]!);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, preview["aliasAssigned"]!.GetValueKind());
        Assert.Null((string?)preview["target"]);
        Assert.Equal((string)again["last"]!["id"]!, simulator.ProductionOf("site"));
        Assert.Equal(("forbidden", 403), ((string)output["team"]!["last"]!["code"]!, (int)output["team"]!["last"]!["status"]!));
        Assert.Equal("alias-assigned", Events(output["scoped"]!)[^1]);
        Assert.Equal(("forbidden", 401), ((string)output["token"]!["last"]!["code"]!, (int)output["token"]!["last"]!["status"]!));
        Assert.Equal(4, simulator.Deployments.Count); // refused ones (403, 401) create nothing
    }

    [Fact]
    public async Task Vercel_client_sees_a_failed_build_as_BUILD_FAILED_with_the_message_it_shows()
    {
        var node = NodeTools.Require(Path.Combine("@vercel", "client"));
        await using var simulator = await VercelSimulator.StartAsync(VercelSimulatorOptions.Default with { Token = Token, Teams = ["team_js"] });
        simulator.Faults.FailingBuilds["site"] = ["npm ERR! missing script: build"];

        var output = await RunAsync(node, simulator, "site");

        var last = output["first"]!["last"]!;
        Assert.Equal("error", Events(output["first"]!)[^1]);
        Assert.Equal(("ERROR", "BUILD_FAILED"), ((string)last["readyState"]!, (string)last["code"]!));
        Assert.Contains("npm run build", (string)last["message"]!);
        Assert.Null(simulator.ProductionOf("site"));
    }

    private static string[] Events(JsonNode deploy) => [.. deploy["events"]!.AsArray().Select(e => (string)e!)];

    private async Task<JsonNode> RunAsync(string node, VercelSimulator simulator, string project)
    {
        var result = await Cli.Wrap(node)
            .WithArguments(["--input-type=module", "-e", Script, simulator.Endpoint.ToString().TrimEnd('/'), Token, Path.Combine(_root, "site"), project, "team_js"])
            .WithWorkingDirectory(Repository.Root)
            .WithEnvironmentVariables(env => env.Set("VERCEL_TEAM_ID", null))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Assert.True(result.ExitCode == 0, result.StandardError);
        return JsonNode.Parse(result.StandardOutput)!;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
