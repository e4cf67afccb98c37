using System.Diagnostics;
using Deployer.Aws;
using Deployer.Execution;
using Deployer.Providers.StaticSites;
using Deployer.Tests.Support;

namespace Deployer.Benchmarks;

/// <summary>
/// Publishing a 2,000-file site to moto with the static-site handler against <c>aws s3 sync</c> of the same tree to a
/// bucket of its own, in the same run: first upload (fresh buckets), one changed file, and unchanged.
/// </summary>
public static class StaticSiteSync
{
    private const int Runs = 3;
    private const int Files = 2000;

    public static async Task RunAsync()
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        var root = Directory.CreateTempSubdirectory("deployer-bench-site-").FullName;
        try
        {
            using var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
            var dist = Path.Combine(root, "dist");
            WriteSite(dist);
            var handler = new StaticSiteHandler(aws.S3, aws.CloudFront, root, TimeProvider.System, TimeSpan.FromMilliseconds(50));
            async Task<StepResult> Deploy(string bucket) =>
                await handler.RunAsync(new DeployStaticSiteStep("deploy-static-site:bench", [], new StaticSiteSpec { Name = "bench", Directory = "dist", Bucket = bucket }),
                    new ExecutionState(), CancellationToken.None);

            List<TimeSpan> first = [], firstSync = [], changed = [], changedSync = [], same = [], sameSync = [];
            for (var i = 0; i < Runs; i++)
            {
                var (ours, theirs) = ($"bench-site-{i}", $"bench-sync-{i}");
                await aws.S3.PutBucketAsync(ours);
                await aws.S3.PutBucketAsync(theirs);
                StepResult result = null!;
                first.Add(await Measure.TimeAsync(async () => result = await Deploy(ours)));
                firstSync.Add(await Measure.TimeAsync(() => SyncAsync(moto, dist, theirs)));
                Console.WriteLine($"  run {i + 1}: first upload {first[^1].TotalSeconds:0.000} s ({result.OutputAs<StaticSitePublished>()?.Uploaded} uploads), aws s3 sync {firstSync[^1].TotalSeconds:0.000} s");

                // Same length, new content, as a rebuilt page: aws s3 sync sees the newer modification time.
                File.WriteAllText(Path.Combine(dist, "pages", "page-0007.html"), $"<html>page 7 edit {i:0000}</html>".PadRight(2048));
                changed.Add(await Measure.TimeAsync(async () => result = await Deploy(ours)));
                changedSync.Add(await Measure.TimeAsync(() => SyncAsync(moto, dist, theirs)));
                Console.WriteLine($"         one changed {changed[^1].TotalSeconds:0.000} s ({result.OutputAs<StaticSitePublished>()?.Uploaded} uploads), aws s3 sync {changedSync[^1].TotalSeconds:0.000} s");

                same.Add(await Measure.TimeAsync(async () => result = await Deploy(ours)));
                sameSync.Add(await Measure.TimeAsync(() => SyncAsync(moto, dist, theirs)));
                Console.WriteLine($"         unchanged {same[^1].TotalSeconds:0.000} s ({result.Outcome}, {result.OutputAs<StaticSitePublished>()?.Uploaded} uploads), aws s3 sync {sameSync[^1].TotalSeconds:0.000} s");
            }
            Measure.Report("first upload", Measure.Median(first), "aws s3 sync, first upload", Measure.Median(firstSync), "target at most 1.0");
            Measure.Report("one changed file", Measure.Median(changed), "aws s3 sync, one changed file", Measure.Median(changedSync), "no target; for reference");
            Measure.Report("unchanged (0 uploads)", Measure.Median(same), "aws s3 sync, unchanged", Measure.Median(sameSync), "target at most 0.5");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            await moto.DisposeAsync();
        }
    }

    private static async Task SyncAsync(MotoServer moto, string directory, string bucket)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "s3", "sync", directory, $"s3://{bucket}", "--only-show-errors" }) start.ArgumentList.Add(argument);
        foreach (var (name, value) in moto.Environment()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"aws s3 sync exited with {process.ExitCode}: {await error}");
    }

    /// <summary>An index, 1,999 pages and assets of 2 KiB each in a few folders, as a documentation site's build leaves.</summary>
    private static void WriteSite(string dist)
    {
        var random = new Random(7);
        Directory.CreateDirectory(Path.Combine(dist, "pages"));
        Directory.CreateDirectory(Path.Combine(dist, "assets"));
        File.WriteAllText(Path.Combine(dist, "index.html"), "<html>bench</html>");
        for (var i = 1; i < Files; i++)
        {
            if (i % 2 == 0) File.WriteAllText(Path.Combine(dist, "pages", $"page-{i:0000}.html"), $"<html>page {i}</html>".PadRight(2048));
            else
            {
                var bytes = new byte[2048];
                random.NextBytes(bytes);
                File.WriteAllBytes(Path.Combine(dist, "assets", $"chunk-{i:0000}.{i:x8}.js"), bytes);
            }
        }
    }
}
