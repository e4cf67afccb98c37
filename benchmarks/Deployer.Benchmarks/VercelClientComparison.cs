using System.Diagnostics;
using System.Text.Json.Nodes;
using Deployer.Execution;
using Deployer.Providers.Vercel;
using Deployer.Providers.Vercel.Api;
using Deployer.Secrets;
using Deployer.Simulators.Vercel;

namespace Deployer.Benchmarks;

/// <summary>
/// An unchanged redeploy of a 2,000-file site (8 KiB each) to production through the Vercel simulator: Deployer's handler
/// against Vercel's own <c>@vercel/client</c> (npm) deploying the same tree to the same simulator, right after Deployer's
/// first deploy stored every file, so neither uploads anything. Both hash the tree, create the deployment and wait until
/// it is READY with its aliases assigned; each client polls as it does by default against the real API (Deployer 0.25 s
/// first, @vercel/client its own interval), because that wait is part of what a user waits for. The client's time is
/// measured inside node, around createDeployment, so node's start-up is not counted against it.
/// </summary>
public static class VercelClientComparison
{
    private const int Runs = 5;

    private const string Script = """
        import { createDeployment } from "@vercel/client";
        const [apiUrl, token, path, project] = process.argv.slice(1);
        const started = performance.now();
        let uploaded = 0, last = null;
        for await (const event of createDeployment({ token, path, apiUrl }, { name: project, target: "production" })) {
          if (event.type === "file-uploaded") uploaded++;
          if (["alias-assigned", "error", "canceled"].includes(event.type)) { last = event.type; break; }
        }
        console.log(JSON.stringify({ ms: performance.now() - started, uploaded, last }));
        """;

    public static async Task RunAsync()
    {
        var modules = FindNodeModules();
        var root = Directory.CreateTempSubdirectory("deployer-bench-vercel-client-").FullName;
        try
        {
            VercelRedeploy.WriteSite(Path.Combine(root, "site"));
            var step = new DeployVercelProjectStep("deploy-vercel:bench", [], new VercelProjectSpec { Project = "site", Directory = "site" });
            var fast = VercelSimulatorOptions.Default with { Queued = TimeSpan.Zero, Building = TimeSpan.FromMilliseconds(50) };
            var deployer = new List<TimeSpan>();
            var client = new List<TimeSpan>();
            for (var run = 0; run < Runs; run++)
            {
                await using var simulator = await VercelSimulator.StartAsync(fast);
                using var clients = new VercelClients(simulator.Endpoint, new Secret(fast.Token), new VercelScope(null), TimeProvider.System);
                // Deployer's own polling (0.25, 0.5, 1, 2 s, then 5, 15, 30 s), as a release uses it.
                using var transport = new SocketsHttpHandler();
                // Production, as @vercel/client deploys it; Deployer also checks the deployment URL and promotes.
                var handler = new VercelStepHandler(_ => clients, root, TimeProvider.System,
                    new VercelDeploymentCheck(transport, TimeProvider.System, TimeSpan.FromMilliseconds(50), simulator.Endpoint));
                await handler.RunAsync(step, new ExecutionState(), CancellationToken.None);
                StepResult again = null!;
                deployer.Add(await Measure.TimeAsync(async () => again = await handler.RunAsync(step, new ExecutionState(), CancellationToken.None)));
                var uploadsBefore = simulator.Uploads;
                var (elapsed, answer) = await VercelClientAsync(modules, simulator, fast.Token, Path.Combine(root, "site"));
                client.Add(elapsed);
                Console.WriteLine($"  run {run + 1}: Deployer {deployer[^1].TotalSeconds:0.000} s ({again.Outcome}, {again.OutputAs<VercelDeployed>()?.Uploaded} uploaded), " +
                                  $"@vercel/client {elapsed.TotalSeconds:0.000} s ({answer["last"]}, {answer["uploaded"]} uploaded, simulator saw {simulator.Uploads - uploadsBefore})");
            }
            Measure.Report("Deployer, unchanged redeploy", Measure.Median(deployer), "@vercel/client, same tree, same simulator", Measure.Median(client),
                "target at most 0.5");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(TimeSpan Elapsed, JsonNode Answer)> VercelClientAsync(string modules, VercelSimulator simulator, string token, string site)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(modules)! };
        foreach (var argument in new[] { "--input-type=module", "-e", Script, simulator.Endpoint.ToString().TrimEnd('/'), token, site, "site" })
            start.ArgumentList.Add(argument);
        start.Environment.Remove("VERCEL_TEAM_ID");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"@vercel/client exited with {process.ExitCode}: {await error}");
        var answer = JsonNode.Parse(output)!;
        return (TimeSpan.FromMilliseconds(answer["ms"]!.GetValue<double>()), answer);
    }

    /// <summary>The repository's node_modules holding @vercel/client (npm ci), found upward from the benchmark's binaries.</summary>
    private static string FindNodeModules()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var modules = Path.Combine(directory.FullName, "node_modules");
            if (Directory.Exists(Path.Combine(modules, "@vercel", "client"))) return modules;
        }
        throw new InvalidOperationException("@vercel/client is not installed: run `npm ci --no-audit --no-fund` in the repository first");
    }
}
