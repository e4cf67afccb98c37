using System.Text.Json.Nodes;
using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>
/// The PAUSE lifecycle hook Deployer adds for smoke tests, and how it joins the hooks a service already has. Pure.
/// Deployer recognises its own hook by a marker in hookDetails: every other hook (AWS_LAMBDA, a team's own PAUSE) is
/// kept as it is, and only Deployer's hook is replaced or removed.
/// </summary>
public static class SmokeHook
{
    public const string Stage = "POST_TEST_TRAFFIC_SHIFT";
    private const string Marker = "deployer";
    private const string MarkerValue = "smoke-test";

    public static DeploymentLifecycleHook Of(SmokeSpec smoke) => new()
    {
        TargetType = "PAUSE",
        LifecycleStages = [Stage],
        HookDetails = new JsonObject { [Marker] = MarkerValue },
        TimeoutConfiguration = new HookTimeoutConfiguration(smoke.TimeoutMinutes, "ROLLBACK"),
    };

    public static bool IsDeployers(DeploymentLifecycleHook hook) =>
        hook.HookDetails?[Marker] is JsonValue value && value.TryGetValue<string>(out var text) && text == MarkerValue;

    /// <summary>
    /// The live hooks without Deployer's, then the wanted ones. Null when there are none and none were live: nothing to
    /// send. An empty list removes Deployer's hook when the description no longer asks for smoke tests.
    /// </summary>
    public static IReadOnlyList<DeploymentLifecycleHook>? Merge(IReadOnlyList<DeploymentLifecycleHook>? live, IReadOnlyList<DeploymentLifecycleHook>? wanted)
    {
        IReadOnlyList<DeploymentLifecycleHook> merged = [.. (live ?? []).Where(h => !IsDeployers(h)), .. wanted ?? []];
        return merged.Count == 0 && (live is null || live.Count == 0) ? live : merged;
    }

    public static bool Same(IReadOnlyList<DeploymentLifecycleHook>? a, IReadOnlyList<DeploymentLifecycleHook>? b) =>
        (a ?? []).SequenceEqual(b ?? []);

    /// <summary>"PAUSE at POST_TEST_TRAFFIC_SHIFT (smoke test, rollback after 15 min)", for diffs and the dry run.</summary>
    public static string Describe(IReadOnlyList<DeploymentLifecycleHook>? hooks) =>
        hooks is null || hooks.Count == 0 ? "none" : string.Join(", ", hooks.Select(Describe));

    private static string Describe(DeploymentLifecycleHook hook)
    {
        var text = $"{hook.TargetType ?? "AWS_LAMBDA"} at {string.Join("+", hook.LifecycleStages)}";
        if (hook.HookTargetArn is { } target) text += $" → {target}";
        var notes = new List<string>();
        if (IsDeployers(hook)) notes.Add("smoke test");
        if (hook.TimeoutConfiguration is { TimeoutInMinutes: { } minutes } timeout)
            notes.Add($"{(timeout.Action ?? "ROLLBACK").ToLowerInvariant()} after {minutes} min");
        return notes.Count == 0 ? text : $"{text} ({string.Join(", ", notes)})";
    }
}
