using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>A deployment of the service that has not reached a terminal state (a killed run's, or another's).</summary>
/// <param name="ServiceDeploymentArn">Null when the account has no service deployments: the wait then reads deployments[].</param>
/// <param name="TaskDefinition">The task definition it rolls out.</param>
/// <param name="Previous">What the service ran before it, where ECS still says so.</param>
public sealed record InFlightDeployment(string? ServiceDeploymentArn, string TaskDefinition, string Previous)
{
    private static readonly HashSet<string> Unfinished =
        ["PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"];

    /// <summary>
    /// Pure: the in-flight deployment of <paramref name="live"/>, or null when the last one is finished. "Unchanged" may only
    /// be said of a completed deployment: a release left mid-flight (kill -9) must be waited on, never recorded as live.
    /// </summary>
    /// <param name="current">The service deployment named by currentServiceDeployment, when the API has one.</param>
    public static InFlightDeployment? Of(EcsService live, ServiceDeployment? current)
    {
        var previous = live.Deployments.FirstOrDefault(d => d.Status == "ACTIVE")?.TaskDefinition ?? live.TaskDefinition;
        if (current is not null)
            return Unfinished.Contains(current.Status) ? new(current.ServiceDeploymentArn, live.TaskDefinition, previous) : null;
        var primary = live.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        var settling = live.Deployments.Any(d => d.Status == "ACTIVE") || primary?.RolloutState == "IN_PROGRESS";
        return settling ? new(null, live.TaskDefinition, previous) : null;
    }
}
