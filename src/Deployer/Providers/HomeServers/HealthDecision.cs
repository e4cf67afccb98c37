namespace Deployer.Providers.HomeServers;

public enum HealthVerdict { Healthy, Wait, Unhealthy }

/// <summary>What the last probe of a new container's health path saw: an HTTP status, or why none came back.</summary>
public sealed record HealthProbe(int? Status, string? Error, TimeSpan Elapsed);

/// <summary>The health gate's decision, pure so it can be read as a table: 2xx passes, anything else waits until the deadline.</summary>
public static class HealthDecision
{
    public static (HealthVerdict Verdict, string Why) Evaluate(HealthProbe probe, TimeSpan deadline)
    {
        if (probe.Status is >= 200 and < 300) return (HealthVerdict.Healthy, $"answered {probe.Status} after {probe.Elapsed.TotalSeconds:0.#} s");
        var seen = probe.Status is { } status ? $"last answer HTTP {status}" : $"no answer ({probe.Error ?? "not listening"})";
        return probe.Elapsed >= deadline
            ? (HealthVerdict.Unhealthy, $"not healthy within {deadline.TotalSeconds:0} s: {seen}")
            : (HealthVerdict.Wait, seen);
    }
}
