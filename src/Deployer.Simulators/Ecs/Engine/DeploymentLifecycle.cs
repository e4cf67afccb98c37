using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Engine;

/// <summary>
/// Moves a service deployment forward: PENDING → IN_PROGRESS through its lifecycle stages → SUCCESSFUL, or through
/// the circuit breaker / a stop request to ROLLBACK_IN_PROGRESS → ROLLBACK_SUCCESSFUL (or STOPPED, ROLLBACK_FAILED).
/// </summary>
internal static class DeploymentLifecycle
{
    public static void Advance(EcsState state, ServiceDeploymentRecord sd, DateTimeOffset now)
    {
        var options = state.Options;
        switch (sd.Status)
        {
            case "PENDING" when now - sd.CreatedAt >= options.PendingDuration:
                sd.SetStatus("IN_PROGRESS", now);
                sd.StartedAt = now;
                sd.EnterStage(sd.Stages[0], now);
                LifecycleHooks.Enter(state, sd, now);
                AdvanceStages(state, sd, now);
                break;
            case "IN_PROGRESS":
                AdvanceStages(state, sd, now);
                break;
            case "ROLLBACK_REQUESTED" when now - sd.StatusSince >= options.StageDuration:
                ServiceDeployments.StartRollback(state, sd, now, sd.StatusReason ?? "Rollback requested.");
                break;
            case "STOP_REQUESTED" when now - sd.StatusSince >= options.StageDuration:
                sd.SetStatus("STOPPED", now);
                sd.FinishedAt = sd.StoppedAt = now;
                break;
            case "ROLLBACK_IN_PROGRESS" when sd.RollbackTarget is { } rollback && IsScaledUp(state, sd.Service, rollback, requireOthersDrained: true)
                                             && sd.Service.Deployments.Count == 1:
                sd.SetStatus("ROLLBACK_SUCCESSFUL", now);
                sd.FinishedAt = now;
                Complete(sd.Service, rollback, now);
                break;
        }
    }

    /// <summary>Whether the scheduler may stop tasks of older deployments now (rolling: from SCALE_UP on; blue/green and friends: in CLEAN_UP).</summary>
    public static bool DrainsOlderDeployments(ServiceRecord service)
    {
        var primary = service.Primary;
        if (!primary.Launching) return false;
        var sd = primary.ServiceDeployment;
        if (sd is null || sd.IsTerminal || sd.RollbackTarget == primary) return true;
        if (sd.LifecycleStage is null) return false;
        return service.Strategy == "ROLLING"
            ? IndexOf(sd, sd.LifecycleStage) >= IndexOf(sd, "SCALE_UP")
            : sd.LifecycleStage == "CLEAN_UP";
    }

    private static void AdvanceStages(EcsState state, ServiceDeploymentRecord sd, DateTimeOffset now)
    {
        var service = sd.Service;
        var options = state.Options;
        while (sd.Status == "IN_PROGRESS")
        {
            if (DeploymentAlarms.Triggered(state, sd, now)) return;
            var stage = sd.LifecycleStage!;
            if (stage == "SCALE_UP")
            {
                if (sd.CircuitBreakerStatus == "MONITORING" && sd.Target.FailedTasks >= sd.Threshold)
                {
                    TripCircuitBreaker(state, sd, now);
                    return;
                }
                if (!IsScaledUp(state, service, sd.Target, requireOthersDrained: service.Strategy == "ROLLING")) return;
            }
            else if (stage == "CLEAN_UP")
            {
                if (now - sd.StageSince < options.StageDuration || service.Deployments.Count > 1) return;
            }
            else if (now - sd.StageSince < ServiceDeployments.StageLength(sd, stage, options)) return;
            if (!LifecycleHooks.LetStageEnd(state, sd, now)) return;

            var next = IndexOf(sd, stage) + 1;
            if (next == sd.Stages.Count)
            {
                Succeed(sd, now);
                return;
            }
            sd.EnterStage(sd.Stages[next], now);
            LifecycleHooks.Enter(state, sd, now);
            if (sd.LifecycleStage == "SCALE_UP") sd.Target.Launching = true;
        }
    }

    private static void TripCircuitBreaker(EcsState state, ServiceDeploymentRecord sd, DateTimeOffset now)
    {
        var service = sd.Service;
        var target = sd.Target;
        sd.CircuitBreakerStatus = "TRIGGERED";
        sd.FailureCountAtTrip = target.FailedTasks;
        target.Launching = false;
        target.RolloutState = "FAILED";
        target.RolloutStateReason = ServiceDeployments.CircuitBreakerReason;
        target.Touch(now);
        service.AddEvent(now, $"(deployment {target.Id}) deployment failed: tasks failed to start.");
        if (sd.DeploymentConfiguration["deploymentCircuitBreaker"]?["rollback"]?.GetValue<bool>() == true)
        {
            ServiceDeployments.StartRollback(state, sd, now, ServiceDeployments.CircuitBreakerReason);
            return;
        }
        sd.SetStatus("STOPPED", now, ServiceDeployments.CircuitBreakerReason);
        sd.FinishedAt = sd.StoppedAt = now;
    }

    private static void Succeed(ServiceDeploymentRecord sd, DateTimeOffset now)
    {
        sd.SetStatus("SUCCESSFUL", now);
        sd.FinishedAt = sd.SucceededAt = now;
        if (sd.CircuitBreakerStatus == "MONITORING") sd.CircuitBreakerStatus = "MONITORING_COMPLETE";
        if (sd.AlarmsStatus == "MONITORING") sd.AlarmsStatus = "MONITORING_COMPLETE";
        sd.Service.LastCompletedRevision = sd.TargetRevision;
        Complete(sd.Service, sd.Target, now);
    }

    private static void Complete(ServiceRecord service, DeploymentRecord deployment, DateTimeOffset now)
    {
        deployment.RolloutState = "COMPLETED";
        deployment.RolloutStateReason = $"ECS deployment {deployment.Id} completed.";
        deployment.Touch(now);
        service.AddEvent(now, $"(deployment {deployment.Id}) deployment completed.");
    }

    /// <summary>All desired tasks of <paramref name="deployment"/> run healthy (and, when asked, no other deployment has tasks left).</summary>
    private static bool IsScaledUp(EcsState state, ServiceRecord service, DeploymentRecord deployment, bool requireOthersDrained)
    {
        var tasks = state.TasksOf(service).Where(t => t.IsLive).ToList();
        var mine = tasks.Where(t => t.Deployment == deployment).ToList();
        return mine.Count == service.DesiredCount
            && mine.All(t => t.IsHealthy)
            && (!requireOthersDrained || tasks.Count == mine.Count);
    }

    private static int IndexOf(ServiceDeploymentRecord sd, string stage)
    {
        for (var i = 0; i < sd.Stages.Count; i++) if (sd.Stages[i] == stage) return i;
        return -1;
    }
}
