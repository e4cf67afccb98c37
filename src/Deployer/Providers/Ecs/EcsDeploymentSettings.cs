using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>The deploymentConfiguration a service's description asks for: pure, so the plan and the request agree.</summary>
public static class EcsDeploymentSettings
{
    /// <summary>Members left null keep the live values; <see cref="EcsServiceSpec.SingleWriter"/> pins 0 % – 100 %.</summary>
    public static DeploymentConfiguration Of(EcsServiceSpec service) => new()
    {
        MinimumHealthyPercent = service.SingleWriter ? 0 : service.MinimumHealthyPercent,
        MaximumPercent = service.SingleWriter ? 100 : service.MaximumPercent,
        DeploymentCircuitBreaker = new DeploymentCircuitBreaker(service.CircuitBreaker, service.CircuitBreaker),
        Alarms = service.Alarms.Count > 0 ? new DeploymentAlarms(service.Alarms, true, true) : null,
        Strategy = StrategyName(service.Strategy),
        BakeTimeInMinutes = service.Strategy == EcsStrategy.BlueGreen ? service.BakeMinutes : null,
        CanaryConfiguration = service.Strategy == EcsStrategy.Canary ? new CanaryConfiguration(service.CanaryPercent, service.BakeMinutes) : null,
        LinearConfiguration = service.Strategy == EcsStrategy.Linear ? new LinearConfiguration(service.StepPercent, service.BakeMinutes) : null,
        LifecycleHooks = service.Smoke is { } smoke ? [SmokeHook.Of(smoke)] : null,
    };

    /// <summary>
    /// What contradicts "never two tasks at once", by key: a minimum above 0 % or a maximum above 100 % lets ECS start
    /// the new task before the old one stops, and blue/green, canary and linear run both revisions side by side.
    /// </summary>
    public static IEnumerable<(string Key, string Message)> SingleWriterConflicts(EcsServiceSpec service)
    {
        if (!service.SingleWriter) yield break;
        if (service.MinimumHealthyPercent is > 0)
            yield return ("minimumHealthyPercent", "'singleWriter: true' stops the old task before the new one starts: minimumHealthyPercent must be 0 or unset");
        if (service.MaximumPercent is > 100)
            yield return ("maximumPercent", "'singleWriter: true' never runs two tasks at once: maximumPercent must be 100 or unset");
        if (service.Strategy != EcsStrategy.Rolling)
            yield return ("strategy", "'singleWriter: true' needs 'strategy: rolling': the other strategies run both revisions at once");
        if (service.DesiredCount is > 1)
            yield return ("desiredCount", "'singleWriter: true' runs one task: desiredCount must be 1 or unset");
    }

    /// <summary>ECS's native deployment strategies (deploymentController ECS).</summary>
    private static string StrategyName(EcsStrategy strategy) => strategy switch
    {
        EcsStrategy.BlueGreen => "BLUE_GREEN",
        EcsStrategy.Canary => "CANARY",
        EcsStrategy.Linear => "LINEAR",
        _ => "ROLLING",
    };
}
