namespace Deployer.Simulators.Ecs;

/// <summary>
/// How a task of an unhealthy image dies. <see cref="ReachesRunning"/> tasks show RUNNING for
/// <see cref="EcsSimulatorOptions.UnhealthyTaskLifetime"/> first; the others stop straight from PENDING.
/// Either way the service scheduler counts them as failed tasks (deployments[].failedTasks, circuit breaker).
/// </summary>
public sealed record TaskFailure(string StopCode, string StoppedReason, int? ExitCode, string? ContainerReason, bool ReachesRunning)
{
    /// <summary>The application starts and its essential container exits 1 (a crash on boot). Real ECS gives no container reason here.</summary>
    public static TaskFailure EssentialContainerExited { get; } =
        new("EssentialContainerExited", "Essential container in task exited", 1, null, ReachesRunning: true);

    /// <summary>The image cannot be pulled: the task never runs.</summary>
    public static TaskFailure CannotPullImage { get; } =
        new("TaskFailedToStart",
            "CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref: not found",
            null, "CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref: not found",
            ReachesRunning: false);
}
