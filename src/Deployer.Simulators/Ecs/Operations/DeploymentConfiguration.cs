using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>deploymentConfiguration as the service stores it: the given members over the previous ones, defaults filled in.</summary>
internal static class DeploymentConfiguration
{
    private static readonly string[] Strategies = ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"];

    public static JsonObject Merge(JsonObject? current, JsonObject? update)
    {
        var merged = Json.Copy(current) ?? new JsonObject();
        foreach (var (name, value) in update ?? []) merged[name] = value?.DeepClone();

        if (merged.Obj("deploymentCircuitBreaker") is { } breaker && (breaker.Bool("enable") is null || breaker.Bool("rollback") is null))
            throw EcsError.InvalidParameter("deploymentCircuitBreaker requires both enable and rollback.");
        if (merged.Obj("alarms") is { } alarms && (alarms.StrList("alarmNames") is null || alarms.Bool("enable") is null || alarms.Bool("rollback") is null))
            throw EcsError.InvalidParameter("alarms requires alarmNames, enable and rollback.");
        var strategy = merged.Str("strategy") ?? "ROLLING";
        if (!Strategies.Contains(strategy)) throw EcsError.InvalidParameter($"Invalid deployment strategy: {strategy}.");
        if (merged["lifecycleHooks"] is { } hooks) LifecycleHookRules.Check(hooks);
        var maximum = merged.Int("maximumPercent") ?? 200;
        var minimum = merged.Int("minimumHealthyPercent") ?? 100;
        if (minimum is < 0 or > 100) throw EcsError.InvalidParameter("minimumHealthyPercent must be between 0 and 100.");
        if (maximum < 100) throw EcsError.InvalidParameter("maximumPercent must be at least 100.");

        var normalized = new JsonObject
        {
            ["deploymentCircuitBreaker"] = Json.Copy(merged.Obj("deploymentCircuitBreaker")) ?? new JsonObject { ["enable"] = false, ["rollback"] = false },
            ["maximumPercent"] = maximum,
            ["minimumHealthyPercent"] = minimum,
        };
        normalized.With("alarms", Json.Copy(merged.Obj("alarms")));
        normalized["strategy"] = strategy;
        foreach (var (name, value) in merged)
            if (!normalized.ContainsKey(name) && value is not null) normalized[name] = value.DeepClone();
        return normalized;
    }
}
