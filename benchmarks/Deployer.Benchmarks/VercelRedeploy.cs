using Deployer.Execution;
using Deployer.Providers.Vercel;
using Deployer.Providers.Vercel.Api;
using Deployer.Secrets;
using Deployer.Simulators.Vercel;

namespace Deployer.Benchmarks;

/// <summary>
/// A 2,000-file site through the Vercel simulator: an unchanged redeploy (every SHA already there, nothing uploaded)
/// against a first deploy into an empty file store (the missing_files round trip uploads every file). Both hash the
/// whole tree and wait for READY; only the uploads differ. Also checks that changing one file uploads exactly one.
/// </summary>
public static class VercelRedeploy
{
    private const int Runs = 5;
    private const int Files = 2000;
    private const int FileBytes = 8 * 1024;

    /// <summary>2,000 files of 8 KiB of random bytes in 40 folders, the same for every run and benchmark (seeded).</summary>
    internal static void WriteSite(string site)
    {
        var random = new Random(42);
        for (var i = 0; i < Files; i++)
        {
            var path = Path.Combine(site, $"d{i % 40}", $"page{i}.html");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var content = new byte[FileBytes];
            random.NextBytes(content);
            File.WriteAllBytes(path, content);
        }
    }

    public static async Task RunAsync()
    {
        var root = Directory.CreateTempSubdirectory("deployer-bench-vercel-").FullName;
        try
        {
            WriteSite(Path.Combine(root, "site"));
            var step = new DeployVercelProjectStep("deploy-vercel:bench", [], new VercelProjectSpec { Project = "bench", Directory = "site" });
            var fast = VercelSimulatorOptions.Default with { Queued = TimeSpan.Zero, Building = TimeSpan.FromMilliseconds(50) };
            var unchanged = new List<TimeSpan>();
            var first = new List<TimeSpan>();
            for (var run = 0; run < Runs; run++)
            {
                await using var simulator = await VercelSimulator.StartAsync(fast);
                using var clients = new VercelClients(simulator.Endpoint, new Secret(fast.Token), new VercelScope(null), TimeProvider.System);
                using var transport = new SocketsHttpHandler();
                // Production is checked on its deployment URL (served by the simulator) before it is promoted.
                var check = new VercelDeploymentCheck(transport, TimeProvider.System, TimeSpan.FromMilliseconds(50), simulator.Endpoint);
                var handler = new VercelStepHandler(_ => clients, root, TimeProvider.System, check, TimeSpan.FromMilliseconds(20));
                StepResult full = null!, again = null!;
                first.Add(await Measure.TimeAsync(async () => full = await handler.RunAsync(step, new ExecutionState(), CancellationToken.None)));
                unchanged.Add(await Measure.TimeAsync(async () => again = await handler.RunAsync(step, new ExecutionState(), CancellationToken.None)));
                Console.WriteLine($"  run {run + 1}: first {first[^1].TotalSeconds:0.000} s ({full.Outcome}, {full.OutputAs<VercelDeployed>()?.Uploaded} uploaded), " +
                                  $"unchanged {unchanged[^1].TotalSeconds:0.000} s ({again.Outcome}, {again.OutputAs<VercelDeployed>()?.Uploaded} uploaded)");
                if (run == Runs - 1)
                {
                    var changed = Path.Combine(root, "site", "d0", "page0.html");
                    var original = File.ReadAllBytes(changed);
                    File.WriteAllText(changed, "<h1>changed</h1>");
                    var one = await handler.RunAsync(step, new ExecutionState(), CancellationToken.None);
                    File.WriteAllBytes(changed, original);
                    Console.WriteLine($"  one file of {Files} changed: {one.Outcome}, {one.OutputAs<VercelDeployed>()?.Uploaded} uploaded (target exactly 1)");
                }
            }
            Measure.Report("unchanged redeploy (0 uploads)", Measure.Median(unchanged), $"first deploy ({Files} uploads)", Measure.Median(first),
                "unchanged / first; at most 0.5 wanted");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
