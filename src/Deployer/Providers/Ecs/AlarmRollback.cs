using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>
/// The CloudWatch alarms a service deployment watches: the description's and the live service's, together, always sent
/// with <c>enable: true, rollback: true</c> so that an alarm firing during the deployment or its bake rolls it back. Pure.
/// </summary>
public static class AlarmRollback
{
    /// <summary>Null when neither names an alarm (nothing to send); the live names first, then the description's new ones.</summary>
    public static DeploymentAlarms? Merge(DeploymentAlarms? live, DeploymentAlarms? wanted)
    {
        IReadOnlyList<string> names = [.. (live?.AlarmNames ?? []).Concat(wanted?.AlarmNames ?? []).Distinct(StringComparer.Ordinal)];
        return names.Count == 0 ? live : new DeploymentAlarms(names, true, true);
    }

    /// <summary>Same names (in any order) and the same switches.</summary>
    public static bool Same(DeploymentAlarms? a, DeploymentAlarms? b) =>
        a is null ? b is null || b.AlarmNames.Count == 0
        : b is not null && a.Enable == b.Enable && a.Rollback == b.Rollback && a.AlarmNames.Order().SequenceEqual(b.AlarmNames.Order());

    /// <summary>"high-5xx, p99-latency (rollback)" for diffs and the dry run.</summary>
    public static string Describe(DeploymentAlarms? alarms) =>
        alarms is null || alarms.AlarmNames.Count == 0 ? "none"
        : $"{string.Join(", ", alarms.AlarmNames)} ({(alarms is { Enable: true, Rollback: true } ? "rollback" : alarms.Enable ? "enabled, no rollback" : "disabled")})";
}
