using Deployer.Aws.CloudWatch;

namespace Deployer.Providers.Verify;

/// <summary>What one look at the alarms means for the bake.</summary>
public enum BakeVerdict { Wait, Quiet, Fired, Missing }

/// <summary>A verdict and the sentence a person reads (naming the alarm that fired or is missing).</summary>
public sealed record BakeDecision(BakeVerdict Verdict, string Reason);

/// <summary>
/// Decides from one DescribeAlarms answer whether the bake goes on. Pure, tested as a table. An alarm in ALARM fails at
/// once, whenever it fired (even before the bake began: the release must not stay on a version that alarms); an alarm
/// CloudWatch does not know fails too, since a typo would otherwise watch nothing. INSUFFICIENT_DATA is not a failure.
/// </summary>
public static class AlarmBake
{
    public static BakeDecision Evaluate(IReadOnlyList<string> watched, IReadOnlyList<AlarmState> states, bool bakeIsOver)
    {
        var known = states.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var firing = watched.Where(name => known.TryGetValue(name, out var state) && state.StateValue == "ALARM").ToList();
        if (firing.Count > 0)
            return new(BakeVerdict.Fired, string.Join("; ", firing.Select(name =>
                $"alarm {name} is in ALARM" + (known[name].StateReason is { } reason ? $" ({reason})" : ""))));
        var missing = watched.Where(name => !known.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            return new(BakeVerdict.Missing, $"CloudWatch has no alarm named {string.Join(", ", missing)}");
        return bakeIsOver
            ? new(BakeVerdict.Quiet, $"{watched.Count} alarm(s) stayed out of ALARM during the bake")
            : new(BakeVerdict.Wait, string.Join(", ", watched.Select(name => $"{name} {known[name].StateValue}")));
    }
}
