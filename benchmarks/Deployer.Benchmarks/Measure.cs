using System.Diagnostics;

namespace Deployer.Benchmarks;

/// <summary>Timing helpers: medians of repeated wall-clock measurements, printed with the ratio to a baseline.</summary>
public static class Measure
{
    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed;
    }

    public static TimeSpan Median(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.OrderBy(s => s).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static void Report(string subject, TimeSpan subjectMedian, string baseline, TimeSpan baselineMedian, string target)
    {
        Console.WriteLine($"  {subject}: {subjectMedian.TotalSeconds:0.000} s (median)");
        Console.WriteLine($"  {baseline}: {baselineMedian.TotalSeconds:0.000} s (median)");
        Console.WriteLine($"  ratio: {subjectMedian / baselineMedian:0.000}   ({target})");
    }
}

/// <summary>Discards fixture output; the benchmarks print only their numbers.</summary>
public sealed class SilentOutput : Xunit.Abstractions.ITestOutputHelper
{
    public void WriteLine(string message) { }
    public void WriteLine(string format, params object[] args) { }
}
