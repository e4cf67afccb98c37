using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Rendering;

/// <summary>ServiceDeployment, ServiceDeploymentBrief and ServiceRevision structures.</summary>
internal static class ServiceDeploymentJson
{
    public static JsonObject Render(EcsState state, ServiceDeploymentRecord sd)
    {
        var service = sd.Service;
        var json = new JsonObject
        {
            ["serviceDeploymentArn"] = sd.Arn,
            ["serviceArn"] = service.Arn,
            ["clusterArn"] = service.Cluster.Arn,
            ["createdAt"] = Json.Epoch(sd.CreatedAt),
        };
        json.With("startedAt", Json.Epoch(sd.StartedAt))
            .With("finishedAt", Json.Epoch(sd.FinishedAt))
            .With("stoppedAt", Json.Epoch(sd.StoppedAt));
        json["updatedAt"] = Json.Epoch(sd.UpdatedAt);
        json["sourceServiceRevisions"] = Json.Array(sd.SourceRevisions.Select(r => Summary(state, service, r)));
        json["targetServiceRevision"] = Summary(state, service, sd.TargetRevision);
        json["status"] = sd.Status;
        json.With("statusReason", sd.StatusReason)
            .With("lifecycleStage", sd.LifecycleStage);
        if (sd.Hooks.Count > 0)
            json["lifecycleHookDetails"] = Json.Array(sd.Hooks.Select(h => new JsonObject { ["hookId"] = h.HookId, ["targetType"] = h.TargetType }
                .With("targetArn", h.TargetArn)
                .With("status", h.Status)
                .With("expiresAt", Json.Epoch(h.ExpiresAt))
                .With("timeoutAction", h.TimeoutAction)));
        json["deploymentConfiguration"] = Json.Copy(sd.DeploymentConfiguration);
        if (sd.RollbackStartedAt is not null)
            json["rollback"] = new JsonObject
            {
                ["reason"] = sd.RollbackReason,
                ["startedAt"] = Json.Epoch(sd.RollbackStartedAt),
                ["serviceRevisionArn"] = sd.RollbackRevision!.Arn,
            };
        json["deploymentCircuitBreaker"] = new JsonObject
        {
            ["status"] = sd.CircuitBreakerStatus,
            ["failureCount"] = sd.FailureCountAtTrip ?? sd.Target.FailedTasks,
            ["threshold"] = sd.Threshold,
        };
        var alarms = new JsonObject { ["status"] = sd.AlarmsStatus };
        if (sd.DeploymentConfiguration["alarms"]?["alarmNames"] is JsonArray names)
        {
            alarms["alarmNames"] = names.DeepClone();
            alarms["triggeredAlarmNames"] = Json.Array(sd.TriggeredAlarmNames.Select(n => (JsonNode)JsonValue.Create(n)));
        }
        json["alarms"] = alarms;
        return json;
    }

    public static JsonObject Brief(ServiceDeploymentRecord sd)
    {
        var json = new JsonObject
        {
            ["serviceDeploymentArn"] = sd.Arn,
            ["serviceArn"] = sd.Service.Arn,
            ["clusterArn"] = sd.Service.Cluster.Arn,
        };
        json.With("startedAt", Json.Epoch(sd.StartedAt));
        json["createdAt"] = Json.Epoch(sd.CreatedAt);
        json.With("finishedAt", Json.Epoch(sd.FinishedAt));
        json["targetServiceRevisionArn"] = sd.TargetRevision.Arn;
        json["status"] = sd.Status;
        json.With("statusReason", sd.StatusReason);
        return json;
    }

    public static JsonObject Revision(ServiceRevisionRecord revision)
    {
        var json = new JsonObject
        {
            ["serviceRevisionArn"] = revision.Arn,
            ["serviceArn"] = revision.Service.Arn,
            ["clusterArn"] = revision.Service.Cluster.Arn,
            ["taskDefinition"] = revision.TaskDefinitionArn,
        };
        json.With("capacityProviderStrategy", Json.Copy(revision.Settings["capacityProviderStrategy"]))
            .With("launchType", revision.LaunchType)
            .With("platformVersion", revision.PlatformVersion ?? (revision.LaunchType == "FARGATE" ? "LATEST" : null))
            .With("platformFamily", revision.LaunchType == "FARGATE" ? "Linux" : null);
        json["loadBalancers"] = Json.Copy(revision.Settings["loadBalancers"]) ?? new JsonArray();
        json["serviceRegistries"] = Json.Copy(revision.Settings["serviceRegistries"]) ?? new JsonArray();
        json.With("networkConfiguration", Json.Copy(revision.NetworkConfiguration));
        json["containerImages"] = Json.Array(revision.TaskDefinition.Containers.Select(c => new JsonObject
        {
            ["containerName"] = c.Name,
            ["imageDigest"] = Ids.ImageDigest(c.Image),
            ["image"] = c.Image,
        }));
        json["guardDutyEnabled"] = false;
        foreach (var name in (string[])["serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations"])
            json.With(name, Json.Copy(revision.Settings[name]));
        json["createdAt"] = Json.Epoch(revision.CreatedAt);
        return json;
    }

    private static JsonObject Summary(EcsState state, ServiceRecord service, ServiceRevisionRecord revision)
    {
        var deployments = service.Deployments.Where(d => d.Revision == revision).ToList();
        var tasks = state.TasksOf(service).Where(t => t.Deployment!.Revision == revision).ToList();
        return new JsonObject
        {
            ["arn"] = revision.Arn,
            ["requestedTaskCount"] = deployments.Where(d => d.Status != "INACTIVE").Sum(d => d.DesiredCount),
            ["runningTaskCount"] = tasks.Count(t => t.IsRunning),
            ["pendingTaskCount"] = tasks.Count(t => t.IsPending),
        };
    }
}
