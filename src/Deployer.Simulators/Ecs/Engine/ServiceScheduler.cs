using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Engine;

/// <summary>
/// The service scheduler: counts failed tasks, starts tasks of the PRIMARY deployment and stops tasks of older ones
/// within maximumPercent / minimumHealthyPercent, retires drained deployments and reports steady state.
/// </summary>
internal static class ServiceScheduler
{
    public static void Reconcile(EcsState state, ServiceRecord service, DateTimeOffset now)
    {
        var options = state.Options;
        var tasks = state.TasksOf(service).ToList();

        if (service.Status == "DRAINING")
        {
            var primaryId = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY")?.Id;
            Stop(state, service, tasks.Where(t => t.IsLive).ToList(), now, primaryId);
            if (tasks.All(t => t.LastStatus == "STOPPED")) service.Status = "INACTIVE";
            return;
        }

        var primary = service.Primary;
        var desired = service.DesiredCount;
        primary.DesiredCount = desired;
        var changed = false;

        if (primary.Launching)
        {
            var live = tasks.Where(t => t.IsLive).ToList();
            var mine = live.Where(t => t.Deployment == primary).ToList();

            // Scale in: surplus tasks of the primary, not yet running first.
            var surplus = mine.OrderBy(t => t.IsRunning).ThenByDescending(t => t.CreatedAt).Take(Math.Max(0, mine.Count - desired)).ToList();
            changed |= Stop(state, service, surplus, now, primary.Id);

            if (DeploymentLifecycle.DrainsOlderDeployments(service))
            {
                live = tasks.Where(t => t.IsLive).ToList();
                var older = live.Where(t => t.Deployment != primary).ToList();
                var minimumHealthy = (int)Math.Ceiling(desired * service.MinimumHealthyPercent / 100.0);
                var stoppable = Math.Max(0, live.Count(t => t.IsHealthy) - minimumHealthy);
                var victims = older.Where(t => !t.IsHealthy)
                    .Concat(older.Where(t => t.IsHealthy).OrderBy(t => t.CreatedAt).Take(stoppable))
                    .ToList();
                changed |= Stop(state, service, victims, now, primary.Id);
            }

            live = tasks.Where(t => t.IsLive).ToList();
            var maximumTotal = Math.Max(desired, desired * service.MaximumPercent / 100);
            var toStart = Math.Min(desired - live.Count(t => t.Deployment == primary), maximumTotal - live.Count);
            if (toStart > 0)
            {
                var started = Enumerable.Range(0, toStart).Select(_ => TaskLauncher.ForService(state, service, primary, now)).ToList();
                service.AddEvent(now, $"has started {started.Count} tasks: {string.Join(" ", started.Select(t => $"(task {t.Id})"))}.");
                primary.Touch(now);
                changed = true;
            }
        }

        RetireDrained(state, service, now, options);

        if (changed) service.SteadyAnnounced = false;
        var steady = service.Deployments.Count == 1
            && primary.Launching
            && primary.ServiceDeployment is null or { IsTerminal: true }
            && state.TasksOf(service).Count(t => t.IsLive) == desired
            && state.TasksOf(service).Where(t => t.IsLive).All(t => t.IsHealthy);
        if (steady && !service.SteadyAnnounced)
        {
            service.AddEvent(now, "has reached a steady state.");
            service.SteadyAnnounced = true;
        }
    }

    /// <summary>
    /// Tasks that died by themselves count against their deployment until one of its tasks has run healthy.
    /// Runs before the service deployments advance, so that the circuit breaker sees every failure of the tick.
    /// </summary>
    public static void CountFailures(EcsState state, DateTimeOffset now)
    {
        foreach (var task in state.Tasks.Where(t => t.Deployment is not null))
        {
            var deployment = task.Deployment!;
            if (task.IsHealthy && !deployment.HadHealthyTask)
            {
                deployment.HadHealthyTask = true;
                deployment.FailedTasks = 0;
                deployment.Touch(now);
            }
            if (task.LastStatus != "STOPPED" || task.Failure is null || task.FailureCounted || !task.ExitedByItself) continue;
            task.FailureCounted = true;
            if (deployment.HadHealthyTask) continue;
            deployment.FailedTasks++;
            deployment.Touch(now);
        }
    }

    private static bool Stop(EcsState state, ServiceRecord service, List<TaskRecord> tasks, DateTimeOffset now, string? initiator)
    {
        if (tasks.Count == 0) return false;
        foreach (var task in tasks)
        {
            TaskLifecycle.RequestStop(task, now, state.Options, "ServiceSchedulerInitiated", $"Scaling activity initiated by (deployment {initiator})");
            task.Deployment!.Touch(now);
        }
        service.AddEvent(now, $"has stopped {tasks.Count} running tasks: {string.Join(" ", tasks.Select(t => $"(task {t.Id})"))}.");
        return true;
    }

    /// <summary>Older deployments with no task left turn INACTIVE, then leave deployments[].</summary>
    private static void RetireDrained(EcsState state, ServiceRecord service, DateTimeOffset now, EcsSimulatorOptions options)
    {
        foreach (var deployment in service.Deployments.Where(d => d.Status != "PRIMARY").ToList())
        {
            var live = state.TasksOf(deployment).Count(t => t.IsLive);
            if (deployment.Status == "ACTIVE")
            {
                if (deployment.DesiredCount != live) deployment.Touch(now);
                deployment.DesiredCount = live;
                if (live > 0 || state.TasksOf(deployment).Any(t => t.LastStatus != "STOPPED")) continue;
                deployment.Status = "INACTIVE";
                deployment.InactiveSince = now;
                deployment.Touch(now);
            }
            else if (deployment.Status == "INACTIVE" && now - deployment.InactiveSince >= options.InactiveRetention)
            {
                service.Deployments.Remove(deployment);
            }
        }
    }
}
