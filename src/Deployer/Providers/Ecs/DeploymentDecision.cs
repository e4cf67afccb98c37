using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>What the wait loop does next. <see cref="AtSmokeHook"/> hands the paused deployment to the smoke test.</summary>
public enum WaitVerdict { Wait, Succeeded, RolledBack, Failed, TimedOut, AtSmokeHook }

/// <summary>A verdict and the reason a person should read; <paramref name="Hook"/> is the PAUSE hook awaiting action.</summary>
public sealed record WaitDecision(WaitVerdict Verdict, string Reason, LifecycleHookDetail? Hook = null)
{
    public static WaitDecision Wait(string reason) => new(WaitVerdict.Wait, reason);
}

/// <summary>One poll's view of a deployment.</summary>
/// <param name="Deployment">The service deployment, when the account's API has them; null means deployments[] only.</param>
/// <param name="Service">The service as DescribeServices returned it.</param>
/// <param name="TaskDefinitionArn">The task definition this deploy registered (or reused).</param>
/// <param name="Elapsed">Time since the deploy started.</param>
/// <param name="Timeout">How long the deploy may take before it is stopped with a rollback.</param>
/// <param name="AnswersSmokeHook">This deploy runs smoke tests: a PAUSE hook awaiting action at POST_TEST_TRAFFIC_SHIFT is its cue.</param>
public sealed record DeploymentSnapshot(ServiceDeployment? Deployment, EcsService Service, string TaskDefinitionArn, TimeSpan Elapsed, TimeSpan Timeout,
    bool AnswersSmokeHook = false);

/// <summary>
/// Decides from one snapshot whether an ECS deployment is done and how it ended. Pure, so it is tested as a table.
/// A circuit-breaker rollback also ends "stable" on the old task definition; success therefore also requires the PRIMARY
/// deployment to run the task definition this deploy registered (ecspresso #732, fabfuel #185).
/// </summary>
public static class DeploymentDecision
{
    public static WaitDecision Evaluate(DeploymentSnapshot snapshot) =>
        snapshot.Deployment is { } deployment ? FromServiceDeployment(snapshot, deployment) : FromDeployments(snapshot);

    private static WaitDecision FromServiceDeployment(DeploymentSnapshot s, ServiceDeployment d)
    {
        switch (d.Status)
        {
            case "SUCCESSFUL":
                var primary = Primary(s.Service);
                return primary is null || primary.TaskDefinition == s.TaskDefinitionArn
                    ? new(WaitVerdict.Succeeded, "the service deployment completed on the new task definition")
                    : new(WaitVerdict.RolledBack, $"the service deployment ended but the service runs {Short(primary.TaskDefinition)}, not {Short(s.TaskDefinitionArn)}");
            case "ROLLBACK_SUCCESSFUL":
                return new(WaitVerdict.RolledBack, RollbackReason(d));
            case "ROLLBACK_FAILED":
                return new(WaitVerdict.Failed, $"the rollback failed: {d.StatusReason ?? RollbackReason(d)}");
            case "STOPPED":
                return new(WaitVerdict.Failed, $"the service deployment was stopped: {d.StatusReason ?? "no reason given"}");
            case "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS" or "STOP_REQUESTED":
                // A rollback in progress is waited for even past the timeout: it is what restores the service.
                return WaitDecision.Wait($"rolling back: {RollbackReason(d)}");
            case "IN_PROGRESS" when s.AnswersSmokeHook && d.LifecycleStage == SmokeHook.Stage
                                    && d.LifecycleHookDetails.FirstOrDefault(h => h is { TargetType: "PAUSE", Status: "AWAITING_ACTION", HookId: not null }) is { } hook:
                return new(WaitVerdict.AtSmokeHook, $"paused at {SmokeHook.Stage}: the test listener serves the new revision", hook);
            default:
                return s.Elapsed >= s.Timeout
                    ? new(WaitVerdict.TimedOut, $"still {d.Status}{Stage(d)} after {Minutes(s.Timeout)}")
                    : WaitDecision.Wait($"{d.Status}{Stage(d)}");
        }
    }

    private static WaitDecision FromDeployments(DeploymentSnapshot s)
    {
        var ours = s.Service.Deployments.FirstOrDefault(d => d.TaskDefinition == s.TaskDefinitionArn);
        var primary = Primary(s.Service);
        if (ours is null || (primary is not null && primary.TaskDefinition != s.TaskDefinitionArn))
        {
            var reason = ours?.RolloutStateReason ?? $"the service is back on {Short(primary?.TaskDefinition)}";
            return primary is not null && primary.TaskDefinition != s.TaskDefinitionArn && primary.RolloutState != "FAILED"
                ? new(WaitVerdict.RolledBack, reason)
                : WaitDecision.Wait(reason);
        }
        if (ours.RolloutState == "FAILED")
            return new(WaitVerdict.Failed, ours.RolloutStateReason ?? "the deployment failed");
        if (ours.RolloutState == "COMPLETED" && s.Service.Deployments.Count == 1 && ours.RunningCount == ours.DesiredCount)
            return new(WaitVerdict.Succeeded, "the deployment completed on the new task definition");
        return s.Elapsed >= s.Timeout
            ? new(WaitVerdict.TimedOut, $"{ours.RunningCount}/{ours.DesiredCount} tasks running after {Minutes(s.Timeout)}")
            : WaitDecision.Wait($"{ours.RolloutState ?? "IN_PROGRESS"}: {ours.RunningCount}/{ours.DesiredCount} running, {ours.PendingCount} pending, {ours.FailedTasks} failed");
    }

    private static EcsDeployment? Primary(EcsService service) => service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");

    private static string RollbackReason(ServiceDeployment d)
    {
        if (d.DeploymentCircuitBreaker is { Status: "TRIGGERED" } breaker)
            return $"circuit breaker triggered after {breaker.FailureCount} failed task(s) (threshold {breaker.Threshold})";
        if (d.Alarms is { Status: "TRIGGERED" } alarms)
            return $"alarm {string.Join(", ", alarms.TriggeredAlarmNames)} triggered";
        if (d.LifecycleHookDetails.FirstOrDefault(h => h.Status == "TIMED_OUT" && h.TimeoutAction != "CONTINUE") is { } expired)
            return $"the {expired.TargetType} lifecycle hook {expired.HookId} timed out and ECS rolled back";
        return d.Rollback?.Reason ?? d.StatusReason ?? "rolled back";
    }

    private static string Stage(ServiceDeployment d) => d.LifecycleStage is { } stage ? $" ({stage})" : "";

    private static string Minutes(TimeSpan timeout) => timeout.TotalMinutes >= 1 ? $"{timeout.TotalMinutes:0.#} min" : $"{timeout.TotalSeconds:0} s";

    internal static string Short(string? arn) => arn is null ? "(none)" : arn[(arn.LastIndexOf('/') + 1)..];
}
