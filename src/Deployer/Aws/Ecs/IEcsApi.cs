using System.Text.Json.Nodes;

namespace Deployer.Aws.Ecs;

/// <summary>
/// The ECS operations Deployer uses, and no others (awsJson1_1, target prefix AmazonEC2ContainerServiceV20141113).
/// Task definitions stay JSON so that every field a team sets (volumes, log configuration, …) survives a re-render.
/// </summary>
public interface IEcsApi
{
    /// <summary>DescribeTaskDefinition: the <c>taskDefinition</c> object (family, family:revision or ARN).</summary>
    Task<JsonObject> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken);

    /// <summary>RegisterTaskDefinition with the request as given; returns the registered <c>taskDefinition</c>.</summary>
    Task<JsonObject> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken);

    /// <summary>DescribeServices for one service; null when it does not exist (failures[].reason MISSING) or is INACTIVE.</summary>
    Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken);

    /// <summary>UpdateService; returns the updated service.</summary>
    Task<EcsService> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken);

    /// <summary>ListServiceDeployments for a service, newest first; <paramref name="createdAfter"/> filters by createdAt.</summary>
    Task<IReadOnlyList<string>> ListServiceDeploymentsAsync(string cluster, string service, DateTimeOffset? createdAfter, CancellationToken cancellationToken);

    /// <summary>DescribeServiceDeployments.</summary>
    Task<IReadOnlyList<ServiceDeployment>> DescribeServiceDeploymentsAsync(IReadOnlyList<string> serviceDeploymentArns, CancellationToken cancellationToken);

    /// <summary>StopServiceDeployment with stopType ROLLBACK (or ABORT).</summary>
    Task StopServiceDeploymentAsync(string serviceDeploymentArn, string stopType, CancellationToken cancellationToken);

    /// <summary>ContinueServiceDeployment: answer a PAUSE hook awaiting action with CONTINUE or ROLLBACK.</summary>
    Task ContinueServiceDeploymentAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken cancellationToken);

    /// <summary>ListTasks of a cluster, by service family or startedBy, with the given desiredStatus (RUNNING, STOPPED).</summary>
    Task<IReadOnlyList<string>> ListTasksAsync(string cluster, string? serviceName, string? startedBy, string desiredStatus, CancellationToken cancellationToken);

    /// <summary>DescribeTasks.</summary>
    Task<IReadOnlyList<EcsTask>> DescribeTasksAsync(string cluster, IReadOnlyList<string> taskArns, CancellationToken cancellationToken);

    /// <summary>RunTask (one-off tasks such as migrations); returns the started tasks.</summary>
    Task<IReadOnlyList<EcsTask>> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken);

    /// <summary>StopTask with the reason shown in the console and in stoppedReason; returns the task, now desired STOPPED.</summary>
    Task<EcsTask> StopTaskAsync(string cluster, string taskArn, string reason, CancellationToken cancellationToken);
}
