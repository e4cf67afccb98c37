using System.Text.Json.Nodes;

namespace Deployer.Aws.Ecs;

/// <summary>
/// The ECS port for dry runs: reads pass through, every mutating call throws. A dry run changes nothing, ever, and this
/// makes that a property of the wiring rather than of each caller's care.
/// </summary>
public sealed class ReadOnlyEcsApi(IEcsApi inner) : IEcsApi
{
    public Task<JsonObject> DescribeTaskDefinitionAsync(string taskDefinition, CancellationToken cancellationToken) =>
        inner.DescribeTaskDefinitionAsync(taskDefinition, cancellationToken);

    public Task<EcsService?> DescribeServiceAsync(string cluster, string service, CancellationToken cancellationToken) =>
        inner.DescribeServiceAsync(cluster, service, cancellationToken);

    public Task<IReadOnlyList<string>> ListServiceDeploymentsAsync(string cluster, string service, DateTimeOffset? createdAfter, CancellationToken cancellationToken) =>
        inner.ListServiceDeploymentsAsync(cluster, service, createdAfter, cancellationToken);

    public Task<IReadOnlyList<ServiceDeployment>> DescribeServiceDeploymentsAsync(IReadOnlyList<string> serviceDeploymentArns, CancellationToken cancellationToken) =>
        inner.DescribeServiceDeploymentsAsync(serviceDeploymentArns, cancellationToken);

    public Task<IReadOnlyList<string>> ListTasksAsync(string cluster, string? serviceName, string? startedBy, string desiredStatus, CancellationToken cancellationToken) =>
        inner.ListTasksAsync(cluster, serviceName, startedBy, desiredStatus, cancellationToken);

    public Task<IReadOnlyList<EcsTask>> DescribeTasksAsync(string cluster, IReadOnlyList<string> taskArns, CancellationToken cancellationToken) =>
        inner.DescribeTasksAsync(cluster, taskArns, cancellationToken);

    public Task<JsonObject> RegisterTaskDefinitionAsync(JsonObject request, CancellationToken cancellationToken) => throw Refused("RegisterTaskDefinition");

    public Task<EcsService> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken) => throw Refused("UpdateService");

    public Task StopServiceDeploymentAsync(string serviceDeploymentArn, string stopType, CancellationToken cancellationToken) => throw Refused("StopServiceDeployment");

    public Task ContinueServiceDeploymentAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken cancellationToken) =>
        throw Refused("ContinueServiceDeployment");

    public Task<IReadOnlyList<EcsTask>> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken) => throw Refused("RunTask");

    public Task<EcsTask> StopTaskAsync(string cluster, string taskArn, string reason, CancellationToken cancellationToken) => throw Refused("StopTask");

    private static InvalidOperationException Refused(string operation) => new($"dry run: ECS {operation} is not allowed");
}
