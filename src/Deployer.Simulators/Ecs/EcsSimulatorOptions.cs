namespace Deployer.Simulators.Ecs;

/// <summary>
/// How the ECS simulator keeps time and how long things take. Every delay is here so that tests run in
/// milliseconds; the defaults make a two-task rolling deployment finish in well under two seconds.
/// </summary>
public sealed record EcsSimulatorOptions
{
    /// <summary>The defaults.</summary>
    public static EcsSimulatorOptions Default { get; } = new();

    /// <summary>The clock. Pass a FakeTimeProvider to step the simulation by hand (its timers drive the ticks).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How often the background tick moves tasks and deployments forward. Nothing changes between ticks.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Region used in ARNs.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>Account id used in ARNs.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>PROVISIONING → PENDING (half of it) → RUNNING for every task.</summary>
    public TimeSpan TaskStartDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>DEACTIVATING → STOPPING → STOPPED after the scheduler or a user stops a running task.</summary>
    public TimeSpan TaskStopDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a task of an unhealthy image stays RUNNING before its essential container exits.</summary>
    public TimeSpan UnhealthyTaskLifetime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a RunTask task runs before its essential container exits with its exit code.</summary>
    public TimeSpan RunTaskDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a service deployment stays PENDING before it starts.</summary>
    public TimeSpan PendingDuration { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Minimum time spent in each lifecycle stage that only waits (PRE_SCALE_UP, POST_SCALE_UP, traffic shifts, CLEAN_UP), and in ROLLBACK_REQUESTED / STOP_REQUESTED.</summary>
    public TimeSpan StageDuration { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Simulated seconds per real bake-time second: bakeTimeInMinutes × 60 s × this factor (0.001 turns 5 minutes into 300 ms).</summary>
    public double BakeTimeScale { get; init; } = 0.001;

    /// <summary>
    /// Simulated seconds per lifecycle hook timeout second: timeoutInMinutes × 60 s × this factor, reported as expiresAt
    /// (default 1: a hook waits its real timeout; tests of the timeout itself scale it down).
    /// </summary>
    public double HookTimeoutScale { get; init; } = 1;

    /// <summary>How long a drained deployment stays in service.deployments[] as INACTIVE before it disappears.</summary>
    public TimeSpan InactiveRetention { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Stopped tasks kept per service or cluster for DescribeTasks / ListTasks desiredStatus STOPPED (oldest dropped first).</summary>
    public int StoppedTasksKept { get; init; } = 200;
}
