using System.Text.Json.Nodes;
using CliWrap;
using CliWrap.Buffered;
using Deployer.Simulators.Amplify;
using Deployer.Tests.Support;

namespace Deployer.Tests.Simulators;

/// <summary>The Amplify simulator driven by <c>@aws-sdk/client-amplify</c> (npm), the JavaScript SDK nobody here wrote.</summary>
public sealed class AmplifySdkJsTests
{
    private const string App = "d0js0app";

    private const string Script = """
        import { AmplifyClient, GetAppCommand, GetBranchCommand, CreateDeploymentCommand, StartDeploymentCommand, GetJobCommand,
          ListJobsCommand, StopJobCommand } from "@aws-sdk/client-amplify";
        const [endpoint, appId, site] = process.argv.slice(1);
        const amplify = new AmplifyClient({ endpoint, region: "us-east-1", maxAttempts: 3 });
        const out = {};
        out.domain = (await amplify.send(new GetAppCommand({ appId }))).app.defaultDomain;
        const created = await amplify.send(new CreateDeploymentCommand({ appId, branchName: "main" }));
        // A zip of one stored entry, index.html, written by hand: no zip library on the JavaScript side.
        const content = Buffer.from("<h1>from js</h1>");
        const crc = (b) => { let c = ~0; for (const x of b) { c ^= x; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xEDB88320 & -(c & 1)); } return ~c >>> 0; };
        const name = Buffer.from("index.html");
        const local = Buffer.alloc(30); local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc(content), 14);
        local.writeUInt32LE(content.length, 18); local.writeUInt32LE(content.length, 22); local.writeUInt16LE(name.length, 26);
        const central = Buffer.alloc(46); central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
        central.writeUInt32LE(crc(content), 16); central.writeUInt32LE(content.length, 20); central.writeUInt32LE(content.length, 24); central.writeUInt16LE(name.length, 28);
        const end = Buffer.alloc(22); end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
        end.writeUInt32LE(46 + name.length, 12); end.writeUInt32LE(30 + name.length + content.length, 16);
        const zip = Buffer.concat([local, name, content, central, name, end]);
        out.upload = (await fetch(created.zipUploadUrl, { method: "PUT", body: zip })).status;
        const started = await amplify.send(new StartDeploymentCommand({ appId, branchName: "main", jobId: created.jobId }));
        out.started = [started.jobSummary.status, started.jobSummary.startTime instanceof Date];
        let job;
        do { job = (await amplify.send(new GetJobCommand({ appId, branchName: "main", jobId: created.jobId }))).job; await new Promise(r => setTimeout(r, 20)); }
        while (["PENDING", "RUNNING"].includes(job.summary.status));
        out.settled = [job.summary.status, job.summary.endTime instanceof Date, job.steps.map(s => s.stepName)];
        out.active = (await amplify.send(new GetBranchCommand({ appId, branchName: "main" }))).branch.activeJobId === created.jobId;
        const page = await fetch(site);
        out.site = [page.status, await page.text()];
        const left = await amplify.send(new CreateDeploymentCommand({ appId, branchName: "main" }));
        out.listed = (await amplify.send(new ListJobsCommand({ appId, branchName: "main", maxResults: 5 }))).jobSummaries.map(j => j.status);
        out.stopped = (await amplify.send(new StopJobCommand({ appId, branchName: "main", jobId: left.jobId }))).jobSummary.status;
        try { await amplify.send(new GetJobCommand({ appId, branchName: "main", jobId: "404" })); }
        catch (e) { out.error = [e.name, e.$metadata.httpStatusCode, e.message]; }
        console.log(JSON.stringify(out));
        """;

    [Fact]
    public async Task The_JavaScript_SDK_deploys_a_zip_reads_jobs_stops_one_and_sees_errors_and_throttling_as_Amplify_sends_them()
    {
        var node = NodeTools.Require(Path.Combine("@aws-sdk", "client-amplify"));
        await using var simulator = await AmplifySimulator.StartAsync();
        simulator.AddApp(App, "js", "main");
        var run = Cli.Wrap(node)
            .WithArguments(["--input-type=module", "-e", Script, simulator.Endpoint.ToString().TrimEnd('/'), App, simulator.SiteUrl(App, "main").ToString()])
            .WithWorkingDirectory(Repository.Root)
            .WithEnvironmentVariables(env => env
                .Set("AWS_ACCESS_KEY_ID", "AKIDSIMULATOR0000000").Set("AWS_SECRET_ACCESS_KEY", "simulator-secret-not-real")
                .Set("AWS_SESSION_TOKEN", null).Set("AWS_PROFILE", null)
                .Set("AWS_CONFIG_FILE", "/nonexistent").Set("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"))
            .WithValidation(CommandResultValidation.None);
        // The first GetApp meets a throttle and a server error: the SDK's standard retries must get through.
        simulator.Faults.Next.Enqueue(429);
        simulator.Faults.Next.Enqueue(500);

        var result = await run.ExecuteBufferedAsync();

        Assert.True(result.ExitCode == 0, result.StandardError);
        var output = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal($"{App}.amplifyapp.com", (string)output["domain"]!);
        Assert.Equal(200, (int)output["upload"]!);
        Assert.Equal("""["PENDING",true]""", output["started"]!.ToJsonString());
        Assert.Equal("""["SUCCEED",true,["DEPLOY"]]""", output["settled"]!.ToJsonString());
        Assert.True((bool)output["active"]!);
        Assert.Equal((200, "<h1>from js</h1>"), ((int)output["site"]![0]!, (string)output["site"]![1]!));
        Assert.Equal("""["PENDING","SUCCEED"]""", output["listed"]!.ToJsonString());
        Assert.Equal("CANCELLING", (string)output["stopped"]!);
        Assert.Equal("""["NotFoundException",404,"Job 404 not found."]""", output["error"]!.ToJsonString());
        Assert.Empty(simulator.Faults.Next);
    }
}
