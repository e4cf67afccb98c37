using System.Text.Json.Nodes;

namespace Deployer.Simulators.Ecs.State;

/// <summary>A task and its schedule: when it becomes PENDING and RUNNING, and when (if ever) it exits by itself.</summary>
internal sealed class TaskRecord(string id, string arn, ClusterRecord cluster, TaskDefinitionRecord taskDefinition, DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public string Arn { get; } = arn;
    public ClusterRecord Cluster { get; } = cluster;
    public TaskDefinitionRecord TaskDefinition { get; } = taskDefinition;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public required string Group { get; init; }
    public string? StartedBy { get; init; }
    public string? LaunchType { get; init; }
    public string? PlatformVersion { get; init; }
    public JsonObject Overrides { get; init; } = [];
    public JsonArray Tags { get; init; } = [];
    public required List<ContainerRecord> Containers { get; init; }

    /// <summary>The service and deployments[] entry that own this task; null for RunTask tasks.</summary>
    public ServiceRecord? Service { get; init; }
    public DeploymentRecord? Deployment { get; init; }

    /// <summary>PROVISIONING, PENDING, RUNNING, DEACTIVATING, STOPPING, STOPPED.</summary>
    public string LastStatus { get; set; } = "PROVISIONING";
    public string DesiredStatus { get; set; } = "RUNNING";
    public DateTimeOffset? PullStartedAt { get; set; }
    public DateTimeOffset? PullStoppedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? StoppingAt { get; set; }
    public DateTimeOffset? ExecutionStoppedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public string? StopCode { get; set; }
    public string? StoppedReason { get; set; }
    public long Version { get; set; } = 1;

    // The schedule.
    public required DateTimeOffset PendingDue { get; init; }
    public required DateTimeOffset RunningDue { get; init; }
    /// <summary>Set when the task will die: the fault that kills it.</summary>
    public TaskFailure? Failure { get; init; }
    /// <summary>When the essential container exits by itself (failure or one-off task finishing), once RUNNING.</summary>
    public DateTimeOffset? ExitDue { get; set; }
    /// <summary>Whether a RUNNING task exits after <see cref="EcsSimulatorOptions.RunTaskDuration"/> (RunTask).</summary>
    public bool RunsToCompletion { get; init; }
    public DateTimeOffset? StopDue { get; set; }
    /// <summary>Whether its essential container exited by itself (rather than being stopped).</summary>
    public bool ExitedByItself { get; set; }
    /// <summary>Whether the scheduler has counted this task's failure.</summary>
    public bool FailureCounted { get; set; }

    public bool IsLive => DesiredStatus == "RUNNING";
    public bool IsPending => IsLive && LastStatus is "PROVISIONING" or "PENDING";
    public bool IsRunning => LastStatus == "RUNNING";
    /// <summary>RUNNING and not doomed: the only tasks that count towards minimumHealthyPercent.</summary>
    public bool IsHealthy => IsLive && IsRunning && Failure is null;
}

/// <summary>A container of a task.</summary>
internal sealed class ContainerRecord(string name, string arn, string image, bool essential)
{
    public string Name { get; } = name;
    public string Arn { get; } = arn;
    public string Image { get; } = image;
    public bool Essential { get; } = essential;
    public string? RuntimeId { get; set; }
    public string LastStatus { get; set; } = "PENDING";
    public int? ExitCode { get; set; }
    public string? Reason { get; set; }
    /// <summary>For RunTask: the exit code it will exit with, from the fault's TaskExitCodes.</summary>
    public int PlannedExitCode { get; init; }
    public string? Cpu { get; init; }
    public string? Memory { get; init; }
    public string? MemoryReservation { get; init; }
}
