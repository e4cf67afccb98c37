using System.Text.Json.Nodes;

namespace Deployer.Aws.Ecs;

/// <summary>The fields of an ECS Service that deploys read (DescribeServices / UpdateService).</summary>
public sealed record EcsService
{
    public required string ServiceName { get; init; }
    public required string ServiceArn { get; init; }
    public string? ClusterArn { get; init; }
    public string Status { get; init; } = "ACTIVE";
    public int DesiredCount { get; init; }
    public int RunningCount { get; init; }
    public int PendingCount { get; init; }
    public required string TaskDefinition { get; init; }
    public string? LaunchType { get; init; }
    public DeploymentConfiguration? DeploymentConfiguration { get; init; }
    /// <summary>deploymentController.type: ECS, CODE_DEPLOY or EXTERNAL.</summary>
    public string? DeploymentControllerType { get; init; }
    public IReadOnlyList<EcsDeployment> Deployments { get; init; } = [];
    public IReadOnlyList<ServiceEvent> Events { get; init; } = [];
    /// <summary>networkConfiguration as ECS returns it, reused verbatim by one-off tasks.</summary>
    public JsonObject? NetworkConfiguration { get; init; }
    /// <summary>ARN of the service deployment in progress or last finished (newer APIs only).</summary>
    public string? CurrentServiceDeployment { get; init; }
}

/// <summary>deploymentConfiguration: the parts Deployer sets or reads.</summary>
public sealed record DeploymentConfiguration
{
    public int? MaximumPercent { get; init; }
    public int? MinimumHealthyPercent { get; init; }
    public DeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }
    public DeploymentAlarms? Alarms { get; init; }
    /// <summary>ROLLING, BLUE_GREEN, LINEAR or CANARY.</summary>
    public string? Strategy { get; init; }
    public int? BakeTimeInMinutes { get; init; }
    public CanaryConfiguration? CanaryConfiguration { get; init; }
    public LinearConfiguration? LinearConfiguration { get; init; }
    /// <summary>Hooks ECS runs at lifecycle stages; Deployer adds its smoke-test PAUSE hook and keeps every other one.</summary>
    public IReadOnlyList<DeploymentLifecycleHook>? LifecycleHooks { get; init; }
}

/// <summary>
/// A deployment lifecycle hook: AWS_LAMBDA (hookTargetArn, roleArn) or PAUSE (waits for ContinueServiceDeployment).
/// <see cref="HookDetails"/> is a free-form document ECS passes to the hook target; Deployer marks its own hook there.
/// </summary>
public sealed record DeploymentLifecycleHook
{
    public string? TargetType { get; init; }
    public string? HookTargetArn { get; init; }
    public string? RoleArn { get; init; }
    public IReadOnlyList<string> LifecycleStages { get; init; } = [];
    public JsonObject? HookDetails { get; init; }
    public HookTimeoutConfiguration? TimeoutConfiguration { get; init; }

    /// <summary>Value equality: records compare lists and JSON by reference, which would make every read look changed.</summary>
    public bool Equals(DeploymentLifecycleHook? other) =>
        other is not null && TargetType == other.TargetType && HookTargetArn == other.HookTargetArn && RoleArn == other.RoleArn
        && LifecycleStages.SequenceEqual(other.LifecycleStages) && TimeoutConfiguration == other.TimeoutConfiguration
        && JsonNode.DeepEquals(HookDetails, other.HookDetails);

    public override int GetHashCode() => HashCode.Combine(TargetType, HookTargetArn, LifecycleStages.Count);
}

/// <summary>timeoutConfiguration of a lifecycle hook: after <see cref="TimeoutInMinutes"/> ECS takes <see cref="Action"/> (CONTINUE or ROLLBACK).</summary>
public sealed record HookTimeoutConfiguration(int? TimeoutInMinutes, string? Action);

/// <summary>lifecycleHookDetails[] of a service deployment: one hook ECS is running at the current stage.</summary>
/// <param name="Status">AWAITING_ACTION (PAUSE), IN_PROGRESS (AWS_LAMBDA), SUCCEEDED, FAILED or TIMED_OUT.</param>
public sealed record LifecycleHookDetail(string? HookId, string? TargetType, string? TargetArn, string? Status, DateTimeOffset? ExpiresAt, string? TimeoutAction);

public sealed record DeploymentCircuitBreaker(bool Enable, bool Rollback);

/// <summary>canaryConfiguration of a CANARY deployment.</summary>
public sealed record CanaryConfiguration(double? CanaryPercent, int? CanaryBakeTimeInMinutes);

/// <summary>linearConfiguration of a LINEAR deployment.</summary>
public sealed record LinearConfiguration(double? StepPercent, int? StepBakeTimeInMinutes);

public sealed record DeploymentAlarms(IReadOnlyList<string> AlarmNames, bool Enable, bool Rollback);

/// <summary>One entry of service.deployments[] (PRIMARY, ACTIVE, INACTIVE).</summary>
public sealed record EcsDeployment
{
    public required string Id { get; init; }
    public required string Status { get; init; }
    public required string TaskDefinition { get; init; }
    public int DesiredCount { get; init; }
    public int RunningCount { get; init; }
    public int PendingCount { get; init; }
    public int FailedTasks { get; init; }
    /// <summary>IN_PROGRESS, COMPLETED or FAILED.</summary>
    public string? RolloutState { get; init; }
    public string? RolloutStateReason { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed record ServiceEvent(string Id, DateTimeOffset CreatedAt, string Message);

/// <summary>A service deployment (DescribeServiceDeployments).</summary>
public sealed record ServiceDeployment
{
    public required string ServiceDeploymentArn { get; init; }
    public string? ServiceArn { get; init; }
    public string? ClusterArn { get; init; }
    /// <summary>PENDING, IN_PROGRESS, STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED.</summary>
    public required string Status { get; init; }
    public string? StatusReason { get; init; }
    /// <summary>RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, …, BAKE_TIME, CLEAN_UP.</summary>
    public string? LifecycleStage { get; init; }
    public IReadOnlyList<LifecycleHookDetail> LifecycleHookDetails { get; init; } = [];
    public string? TargetServiceRevisionArn { get; init; }
    public ServiceDeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }
    public ServiceDeploymentAlarms? Alarms { get; init; }
    public ServiceDeploymentRollback? Rollback { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>deploymentCircuitBreaker of a service deployment: TRIGGERED / MONITORING / MONITORING_COMPLETE / DISABLED.</summary>
public sealed record ServiceDeploymentCircuitBreaker(string? Status, int FailureCount, int Threshold);

/// <summary>alarms of a service deployment: TRIGGERED / MONITORING / MONITORING_COMPLETE / DISABLED.</summary>
public sealed record ServiceDeploymentAlarms(string? Status, IReadOnlyList<string> TriggeredAlarmNames);

public sealed record ServiceDeploymentRollback(string? Reason, DateTimeOffset? StartedAt, string? ServiceRevisionArn);

/// <summary>The fields of a task that forensics and one-off tasks need.</summary>
public sealed record EcsTask
{
    public required string TaskArn { get; init; }
    public string? TaskDefinitionArn { get; init; }
    public string? LastStatus { get; init; }
    public string? DesiredStatus { get; init; }
    public string? StartedBy { get; init; }
    public string? Group { get; init; }
    public string? StopCode { get; init; }
    public string? StoppedReason { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public IReadOnlyList<EcsContainer> Containers { get; init; } = [];
}

public sealed record EcsContainer(string Name, int? ExitCode, string? Reason, string? LastStatus);

/// <summary>UpdateService request: only what a deploy changes. Null members are not sent.</summary>
public sealed record UpdateServiceRequest
{
    public required string Cluster { get; init; }
    public required string Service { get; init; }
    public string? TaskDefinition { get; init; }
    public int? DesiredCount { get; init; }
    public DeploymentConfiguration? DeploymentConfiguration { get; init; }
    public bool? ForceNewDeployment { get; init; }
}

/// <summary>RunTask request for a one-off task.</summary>
public sealed record RunTaskRequest
{
    public required string Cluster { get; init; }
    public required string TaskDefinition { get; init; }
    public string? LaunchType { get; init; } = "FARGATE";
    public JsonObject? NetworkConfiguration { get; init; }
    /// <summary>overrides.containerOverrides[]: name, command, environment.</summary>
    public IReadOnlyList<ContainerOverride> ContainerOverrides { get; init; } = [];
    public string? StartedBy { get; init; }
}

public sealed record ContainerOverride(string Name, IReadOnlyList<string>? Command, IReadOnlyDictionary<string, string>? Environment);
