using System.Text.Json.Nodes;

namespace Deployer.Simulators.Ecs.State;

/// <summary>A service deployment (ListServiceDeployments / DescribeServiceDeployments) and its lifecycle position.</summary>
internal sealed class ServiceDeploymentRecord(string id, string arn, ServiceRecord service, DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public string Arn { get; } = arn;
    public ServiceRecord Service { get; } = service;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset UpdatedAt { get; set; } = createdAt;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset? SucceededAt { get; set; }

    /// <summary>PENDING, IN_PROGRESS, STOP_REQUESTED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED.</summary>
    public string Status { get; private set; } = "PENDING";
    public string? StatusReason { get; set; }
    /// <summary>When <see cref="Status"/> last changed (ROLLBACK_REQUESTED and STOP_REQUESTED last one stage duration).</summary>
    public DateTimeOffset StatusSince { get; private set; } = createdAt;
    public string? LifecycleStage { get; set; }
    public DateTimeOffset StageSince { get; set; } = createdAt;
    /// <summary>The stages this deployment goes through, in order (depends on strategy and bake time).</summary>
    public required IReadOnlyList<string> Stages { get; init; }
    public required JsonObject DeploymentConfiguration { get; init; }

    public required IReadOnlyList<ServiceRevisionRecord> SourceRevisions { get; init; }
    public required ServiceRevisionRecord TargetRevision { get; init; }
    /// <summary>The deployments[] entry rolling out the target revision.</summary>
    public required DeploymentRecord Target { get; init; }
    /// <summary>The deployments[] entry created to roll back, once rolling back.</summary>
    public DeploymentRecord? RollbackTarget { get; set; }

    public string? RollbackReason { get; set; }
    public DateTimeOffset? RollbackStartedAt { get; set; }
    public ServiceRevisionRecord? RollbackRevision { get; set; }

    /// <summary>TRIGGERED, MONITORING, MONITORING_COMPLETE or DISABLED.</summary>
    public required string CircuitBreakerStatus { get; set; }
    public int Threshold { get; init; }
    /// <summary>failedTasks of the target when the circuit breaker tripped (the count stays as it was then).</summary>
    public int? FailureCountAtTrip { get; set; }
    public required string AlarmsStatus { get; set; }
    /// <summary>The alarms whose ALARM state failed the deployment.</summary>
    public List<string> TriggeredAlarmNames { get; } = [];

    /// <summary>Hooks run so far, oldest first; those of the current stage decide whether it may end.</summary>
    public List<LifecycleHookRecord> Hooks { get; } = [];
    /// <summary>Every lifecycle stage entered, in order (a test reads whether production traffic ever shifted).</summary>
    public List<string> StagesEntered { get; } = [];
    /// <summary>Whether the production listener ever routed to the target revision.</summary>
    public bool ProductionTrafficShifted => 
        StagesEntered.Contains((DeploymentConfiguration["strategy"]?.GetValue<string>() ?? "ROLLING") == "ROLLING" ? "SCALE_UP" : "PRODUCTION_TRAFFIC_SHIFT");

    public bool IsTerminal => Status is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED";

    public void Touch(DateTimeOffset now) => UpdatedAt = now;

    public void SetStatus(string status, DateTimeOffset now, string? reason = null)
    {
        Status = status;
        StatusSince = now;
        if (reason is not null) StatusReason = reason;
        Touch(now);
    }

    public void EnterStage(string stage, DateTimeOffset now)
    {
        LifecycleStage = stage;
        StageSince = now;
        StagesEntered.Add(stage);
        Touch(now);
    }
}

/// <summary>A service revision: the configuration one service deployment rolls out.</summary>
internal sealed class ServiceRevisionRecord(string arn, ServiceRecord service, TaskDefinitionRecord taskDefinition, DateTimeOffset createdAt)
{
    public string Arn { get; } = arn;
    public ServiceRecord Service { get; } = service;
    public TaskDefinitionRecord TaskDefinition { get; } = taskDefinition;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string? LaunchType { get; init; }
    public string? PlatformVersion { get; init; }
    public JsonObject? NetworkConfiguration { get; init; }
    /// <summary>loadBalancers, serviceRegistries, capacityProviderStrategy, … as configured at the time.</summary>
    public JsonObject Settings { get; init; } = [];

    public string TaskDefinitionArn => TaskDefinition.Arn;
}
