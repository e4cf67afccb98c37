using System.Text.Json.Nodes;

namespace Deployer.Simulators.Ecs.State;

/// <summary>A service and its scheduler state.</summary>
internal sealed class ServiceRecord(string name, string arn, ClusterRecord cluster, DateTimeOffset createdAt)
{
    public const int EventsKept = 100;

    public string Name { get; } = name;
    public string Arn { get; } = arn;
    public ClusterRecord Cluster { get; } = cluster;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    /// <summary>ACTIVE, DRAINING (deleted, tasks stopping) or INACTIVE.</summary>
    public string Status { get; set; } = "ACTIVE";
    public int DesiredCount { get; set; }
    public required string TaskDefinitionArn { get; set; }
    public string? LaunchType { get; set; }
    public string? PlatformVersion { get; set; }
    /// <summary>deploymentConfiguration with the service defaults filled in.</summary>
    public required JsonObject DeploymentConfiguration { get; set; }
    public string DeploymentControllerType { get; set; } = "ECS";
    public JsonObject? NetworkConfiguration { get; set; }
    /// <summary>Members stored and echoed as given (loadBalancers, placementStrategy, tags, …).</summary>
    public JsonObject Settings { get; } = [];
    public List<DeploymentRecord> Deployments { get; } = [];
    /// <summary>Newest first.</summary>
    public List<ServiceEventRecord> Events { get; } = [];
    public string? CurrentServiceDeploymentArn { get; set; }
    /// <summary>The revision of the last deployment that completed: where a rollback goes.</summary>
    public ServiceRevisionRecord? LastCompletedRevision { get; set; }
    /// <summary>Set while the service is steady and the steady-state event was written; cleared by any scaling.</summary>
    public bool SteadyAnnounced { get; set; }

    public DeploymentRecord Primary => Deployments.First(d => d.Status == "PRIMARY");

    public string Strategy => DeploymentConfiguration["strategy"]?.GetValue<string>() ?? "ROLLING";
    public int MaximumPercent => DeploymentConfiguration["maximumPercent"]?.GetValue<int>() ?? 200;
    public int MinimumHealthyPercent => DeploymentConfiguration["minimumHealthyPercent"]?.GetValue<int>() ?? 100;

    public void AddEvent(DateTimeOffset at, string message)
    {
        Events.Insert(0, new ServiceEventRecord(Guid.NewGuid().ToString(), at, $"(service {Name}) {message}"));
        if (Events.Count > EventsKept) Events.RemoveAt(Events.Count - 1);
    }
}

/// <summary>One entry of service.deployments[]: a task definition the scheduler keeps a number of tasks of.</summary>
internal sealed class DeploymentRecord(string id, ServiceRevisionRecord revision, DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public ServiceRevisionRecord Revision { get; } = revision;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset UpdatedAt { get; set; } = createdAt;
    /// <summary>PRIMARY, ACTIVE (older, draining) or INACTIVE (drained, about to disappear).</summary>
    public string Status { get; set; } = "PRIMARY";
    public int DesiredCount { get; set; }
    public int FailedTasks { get; set; }
    /// <summary>IN_PROGRESS, COMPLETED or FAILED.</summary>
    public string RolloutState { get; set; } = "IN_PROGRESS";
    public string? RolloutStateReason { get; set; }
    /// <summary>The service deployment rolling this deployment out (or rolling back to it).</summary>
    public ServiceDeploymentRecord? ServiceDeployment { get; set; }
    /// <summary>Whether the scheduler may start tasks for it (from SCALE_UP on; never again once failed or aborted).</summary>
    public bool Launching { get; set; }
    /// <summary>A task reached RUNNING and stayed healthy: the circuit breaker stops counting.</summary>
    public bool HadHealthyTask { get; set; }
    public DateTimeOffset? InactiveSince { get; set; }

    public string TaskDefinitionArn => Revision.TaskDefinitionArn;

    public void Touch(DateTimeOffset now) => UpdatedAt = now;
}

internal sealed record ServiceEventRecord(string Id, DateTimeOffset CreatedAt, string Message);
