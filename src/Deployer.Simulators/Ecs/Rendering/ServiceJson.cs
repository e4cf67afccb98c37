using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Rendering;

/// <summary>The Service structure, with deployments[], events[] and the counts the scheduler keeps.</summary>
internal static class ServiceJson
{
    private static readonly string[] Echoed =
    [
        "capacityProviderStrategy", "roleArn", "placementConstraints", "placementStrategy", "healthCheckGracePeriodSeconds",
        "schedulingStrategy", "enableECSManagedTags", "propagateTags", "enableExecuteCommand", "availabilityZoneRebalancing",
    ];

    public static JsonObject Render(EcsState state, ServiceRecord service, bool includeTags)
    {
        var tasks = state.TasksOf(service).ToList();
        var json = new JsonObject
        {
            ["serviceArn"] = service.Arn,
            ["serviceName"] = service.Name,
            ["clusterArn"] = service.Cluster.Arn,
            ["loadBalancers"] = Json.Copy(service.Settings["loadBalancers"]) ?? new JsonArray(),
            ["serviceRegistries"] = Json.Copy(service.Settings["serviceRegistries"]) ?? new JsonArray(),
            ["status"] = service.Status,
            ["desiredCount"] = service.DesiredCount,
            ["runningCount"] = tasks.Count(t => t.IsRunning),
            ["pendingCount"] = tasks.Count(t => t.IsPending),
        };
        json.With("launchType", service.LaunchType)
            .With("platformVersion", service.PlatformVersion)
            .With("platformFamily", service.LaunchType == "FARGATE" ? "Linux" : null);
        json["taskDefinition"] = service.TaskDefinitionArn;
        json["deploymentConfiguration"] = Json.Copy(service.DeploymentConfiguration);
        json["deployments"] = Json.Array(service.Deployments.Select(d => Deployment(state, d)));
        json["events"] = Json.Array(service.Events.Select(e => new JsonObject
        {
            ["id"] = e.Id,
            ["createdAt"] = Json.Epoch(e.CreatedAt),
            ["message"] = e.Message,
        }));
        json["createdAt"] = Json.Epoch(service.CreatedAt);
        json.With("currentServiceDeployment", service.CurrentServiceDeploymentArn);
        json["currentServiceRevisions"] = Json.Array(service.Deployments.Where(d => d.Status != "INACTIVE").GroupBy(d => d.Revision).Select(g => new JsonObject
        {
            ["arn"] = g.Key.Arn,
            ["requestedTaskCount"] = g.Sum(d => d.DesiredCount),
            ["runningTaskCount"] = tasks.Count(t => t.Deployment!.Revision == g.Key && t.IsRunning),
            ["pendingTaskCount"] = tasks.Count(t => t.Deployment!.Revision == g.Key && t.IsPending),
        }));
        json.With("networkConfiguration", Json.Copy(service.NetworkConfiguration));
        foreach (var name in Echoed) json.With(name, Json.Copy(service.Settings[name]));
        json["deploymentController"] = new JsonObject { ["type"] = service.DeploymentControllerType };
        if (includeTags) json["tags"] = Json.Copy(service.Settings["tags"]) ?? new JsonArray();
        json["createdBy"] = state.Ids.CreatedBy;
        return json;
    }

    public static JsonObject Deployment(EcsState state, DeploymentRecord deployment)
    {
        var tasks = state.TasksOf(deployment).ToList();
        var revision = deployment.Revision;
        var json = new JsonObject
        {
            ["id"] = deployment.Id,
            ["status"] = deployment.Status,
            ["taskDefinition"] = deployment.TaskDefinitionArn,
            ["desiredCount"] = deployment.DesiredCount,
            ["pendingCount"] = tasks.Count(t => t.IsPending),
            ["runningCount"] = tasks.Count(t => t.IsRunning),
            ["failedTasks"] = deployment.FailedTasks,
            ["createdAt"] = Json.Epoch(deployment.CreatedAt),
            ["updatedAt"] = Json.Epoch(deployment.UpdatedAt),
        };
        json.With("capacityProviderStrategy", Json.Copy(revision.Settings["capacityProviderStrategy"]))
            .With("launchType", revision.LaunchType)
            .With("platformVersion", revision.PlatformVersion)
            .With("platformFamily", revision.LaunchType == "FARGATE" ? "Linux" : null)
            .With("networkConfiguration", Json.Copy(revision.NetworkConfiguration))
            .With("rolloutState", deployment.RolloutState)
            .With("rolloutStateReason", deployment.RolloutStateReason);
        return json;
    }
}
