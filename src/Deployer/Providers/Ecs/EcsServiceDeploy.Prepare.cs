using System.Text.Json.Nodes;
using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>Prepare: read the live service and render what a deploy would send, without changing anything.</summary>
public sealed partial class EcsServiceDeploy
{
    /// <summary>Reads the live service and renders what would be deployed. Read-only: the dry run calls only this.</summary>
    public async Task<EcsDeployPreparation> PrepareAsync(EcsDeployRequest request, CancellationToken cancellationToken)
    {
        var live = await ecs.DescribeServiceAsync(request.Cluster, request.Service, cancellationToken)
                   ?? throw new EcsDeployException(
                       $"service '{request.Service}' does not exist in cluster '{request.Cluster}': Deployer updates existing services; " +
                       "create it first (CloudFormation, Terraform or the console)");
        if (live.DeploymentControllerType is "CODE_DEPLOY" or "EXTERNAL")
            throw new EcsDeployException($"service '{request.Service}' uses the {live.DeploymentControllerType} deployment controller; Deployer deploys services with the ECS controller");
        var liveTaskDefinition = await ecs.DescribeTaskDefinitionAsync(live.TaskDefinition, cancellationToken);
        if (request.RecordedTaskDefinition is { } recorded)
        {
            var earlier = await ecs.DescribeTaskDefinitionAsync(recorded, cancellationToken);
            return new EcsDeployPreparation(live, liveTaskDefinition, earlier, live.TaskDefinition != recorded, SettingChanges(live, request));
        }
        var template = request.TemplateFile is null
            ? liveTaskDefinition
            : JsonNode.Parse(await File.ReadAllTextAsync(request.TemplateFile, cancellationToken)) as JsonObject
              ?? throw new TaskDefinitionException($"{request.TemplateFile} is not a JSON object");
        var rendered = TaskDefinitionTemplate.Render(template, request.Container);
        return new EcsDeployPreparation(live, liveTaskDefinition, rendered,
            !TaskDefinitionDiff.AreEquivalent(rendered, liveTaskDefinition), SettingChanges(live, request));
    }

    private static IReadOnlyList<string> SettingChanges(EcsService live, EcsDeployRequest request)
    {
        var changes = new List<string>();
        void Compare<T>(string name, T? current, T? wanted) where T : struct
        {
            if (wanted is not null && !Equals(current, wanted)) changes.Add($"{name}: {current?.ToString() ?? "unset"} → {wanted}");
        }
        Compare("desiredCount", live.DesiredCount, request.DesiredCount);
        var current = live.DeploymentConfiguration;
        var wanted = request.Configuration;
        Compare("minimumHealthyPercent", current?.MinimumHealthyPercent, wanted.MinimumHealthyPercent);
        Compare("maximumPercent", current?.MaximumPercent, wanted.MaximumPercent);
        if (wanted.DeploymentCircuitBreaker is { } breaker && breaker != current?.DeploymentCircuitBreaker)
            changes.Add($"deploymentCircuitBreaker: {Describe(current?.DeploymentCircuitBreaker)} → {Describe(breaker)}");
        if (wanted.Strategy is { } strategy && strategy != (current?.Strategy ?? "ROLLING"))
            changes.Add($"strategy: {current?.Strategy ?? "ROLLING"} → {strategy}");
        Compare("bakeTimeInMinutes", current?.BakeTimeInMinutes, wanted.BakeTimeInMinutes);
        if (wanted.CanaryConfiguration is { } canary && canary != current?.CanaryConfiguration)
            changes.Add($"canaryConfiguration: {canary.CanaryPercent}% for {canary.CanaryBakeTimeInMinutes} min");
        if (wanted.LinearConfiguration is { } linear && linear != current?.LinearConfiguration)
            changes.Add($"linearConfiguration: steps of {linear.StepPercent}% every {linear.StepBakeTimeInMinutes} min");
        var alarms = AlarmRollback.Merge(current?.Alarms, wanted.Alarms);
        if (!AlarmRollback.Same(alarms, current?.Alarms))
            changes.Add($"alarms: {AlarmRollback.Describe(current?.Alarms)} → {AlarmRollback.Describe(alarms)}");
        var hooks = SmokeHook.Merge(current?.LifecycleHooks, wanted.LifecycleHooks);
        if (!SmokeHook.Same(hooks, current?.LifecycleHooks))
            changes.Add($"lifecycleHooks: {SmokeHook.Describe(current?.LifecycleHooks)} → {SmokeHook.Describe(hooks)}");
        return changes;
    }

    private static DeploymentConfiguration Merge(DeploymentConfiguration? live, DeploymentConfiguration wanted) => new()
    {
        MinimumHealthyPercent = wanted.MinimumHealthyPercent ?? live?.MinimumHealthyPercent,
        MaximumPercent = wanted.MaximumPercent ?? live?.MaximumPercent,
        DeploymentCircuitBreaker = wanted.DeploymentCircuitBreaker ?? live?.DeploymentCircuitBreaker,
        Alarms = AlarmRollback.Merge(live?.Alarms, wanted.Alarms),
        Strategy = wanted.Strategy ?? live?.Strategy,
        // Strategy-specific members follow the strategy asked for, never a previous strategy's leftovers.
        BakeTimeInMinutes = wanted.Strategy is null ? live?.BakeTimeInMinutes : wanted.BakeTimeInMinutes,
        CanaryConfiguration = wanted.Strategy is null ? live?.CanaryConfiguration : wanted.CanaryConfiguration,
        LinearConfiguration = wanted.Strategy is null ? live?.LinearConfiguration : wanted.LinearConfiguration,
        LifecycleHooks = SmokeHook.Merge(live?.LifecycleHooks, wanted.LifecycleHooks),
    };

    private static string Describe(DeploymentCircuitBreaker? breaker) =>
        breaker is null ? "unset" : $"enable={breaker.Enable.ToString().ToLowerInvariant()} rollback={breaker.Rollback.ToString().ToLowerInvariant()}";
}
