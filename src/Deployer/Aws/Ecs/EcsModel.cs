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
}

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
