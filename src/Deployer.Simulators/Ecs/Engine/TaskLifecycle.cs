using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Engine;

/// <summary>
/// Moves one task along PROVISIONING → PENDING → RUNNING → (DEACTIVATING → STOPPING →) STOPPED by its schedule.
/// A task exits by itself when its fault kills it or, for RunTask, when its command finishes.
/// </summary>
internal static class TaskLifecycle
{
    public const string EssentialContainerExited = "Essential container in task exited";

    public static void Advance(TaskRecord task, DateTimeOffset now, EcsSimulatorOptions options)
    {
        if (task.LastStatus == "STOPPED") return;

        if (task.DesiredStatus == "STOPPED")
        {
            if (task.StopDue is { } due && now >= due) Finish(task, due);
            else if (task.StopDue is { } d && task.LastStatus == "DEACTIVATING" && now >= d - (d - task.StoppingAt!.Value) / 2) Set(task, "STOPPING");
            return;
        }

        if (task.LastStatus == "PROVISIONING" && now >= task.PendingDue)
        {
            Set(task, "PENDING");
            task.PullStartedAt = task.PendingDue;
        }

        if (task.LastStatus == "PENDING" && now >= task.RunningDue)
        {
            task.PullStoppedAt = task.RunningDue;
            if (task.Failure is { ReachesRunning: false } failure)
            {
                Exit(task, task.RunningDue, failure.StopCode, failure.StoppedReason, c => (failure.ExitCode, failure.ContainerReason));
                return;
            }
            Set(task, "RUNNING");
            task.StartedAt = task.RunningDue;
            foreach (var container in task.Containers)
            {
                container.LastStatus = "RUNNING";
                container.RuntimeId = Ids.RuntimeId(task.Id);
            }
            if (task.Failure is not null) task.ExitDue = task.RunningDue + options.UnhealthyTaskLifetime;
            else if (task.RunsToCompletion) task.ExitDue = task.RunningDue + options.RunTaskDuration;
        }

        if (task.LastStatus == "RUNNING" && task.ExitDue is { } exitAt && now >= exitAt)
        {
            if (task.Failure is { } failure)
                Exit(task, exitAt, failure.StopCode, failure.StoppedReason, c => (c.Essential ? failure.ExitCode : 0, c.Essential ? failure.ContainerReason : null));
            else
                Exit(task, exitAt, "EssentialContainerExited", EssentialContainerExited, c => (c.PlannedExitCode, null));
        }
    }

    /// <summary>A stop by the service scheduler or StopTask: running tasks drain for <see cref="EcsSimulatorOptions.TaskStopDelay"/>.</summary>
    public static void RequestStop(TaskRecord task, DateTimeOffset now, EcsSimulatorOptions options, string stopCode, string reason)
    {
        if (task.DesiredStatus == "STOPPED") return;
        task.DesiredStatus = "STOPPED";
        task.StopCode = stopCode;
        task.StoppedReason = reason;
        task.StoppingAt = now;
        task.Version++;
        if (task.LastStatus == "RUNNING")
        {
            Set(task, "DEACTIVATING");
            task.StopDue = now + options.TaskStopDelay;
        }
        else
        {
            task.StopDue = now;
            Finish(task, now);
        }
    }

    private static void Exit(TaskRecord task, DateTimeOffset at, string stopCode, string reason, Func<ContainerRecord, (int? ExitCode, string? Reason)> outcome)
    {
        task.DesiredStatus = "STOPPED";
        task.ExitedByItself = true;
        task.StopCode = stopCode;
        task.StoppedReason = reason;
        task.StoppingAt = at;
        foreach (var container in task.Containers)
            (container.ExitCode, container.Reason) = outcome(container);
        Finish(task, at);
    }

    private static void Finish(TaskRecord task, DateTimeOffset at)
    {
        foreach (var container in task.Containers)
        {
            // Stopped from outside: a service's task shuts down cleanly; a one-off task cut short dies of SIGTERM.
            if (container.LastStatus == "RUNNING" && container.ExitCode is null) container.ExitCode = task.RunsToCompletion ? 143 : 0;
            container.LastStatus = "STOPPED";
        }
        task.ExecutionStoppedAt = at;
        task.StoppedAt = at;
        Set(task, "STOPPED");
    }

    private static void Set(TaskRecord task, string status)
    {
        task.LastStatus = status;
        task.Version++;
    }
}
