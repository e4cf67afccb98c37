using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Engine;

/// <summary>Starting a service deployment (CreateService, UpdateService) and starting a rollback (circuit breaker, StopServiceDeployment).</summary>
internal static class ServiceDeployments
{
    public const string CircuitBreakerReason = "ECS deployment circuit breaker: tasks failed to start.";

    private static readonly string[] TrafficShiftStages =
        ["TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"];

    /// <summary>A new PRIMARY deployments[] entry on the service's current configuration and a PENDING service deployment for it.</summary>
    public static ServiceDeploymentRecord Start(EcsState state, ServiceRecord service, DateTimeOffset now)
    {
        var taskDefinition = state.FindTaskDefinition(service.TaskDefinitionArn)!;
        var revision = new ServiceRevisionRecord(state.Ids.ServiceRevision(service.Cluster.Name, service.Name), service, taskDefinition, now)
        {
            LaunchType = service.LaunchType,
            PlatformVersion = service.PlatformVersion,
            NetworkConfiguration = Protocol.Json.Copy(service.NetworkConfiguration),
            Settings = RevisionSettings(service),
        };
        state.Revisions[revision.Arn] = revision;

        var id = Ids.ServiceDeploymentId();
        var arn = state.Ids.ServiceDeployment(service.Cluster.Name, service.Name, id);
        foreach (var ongoing in state.ServiceDeployments.Where(sd => sd.Service == service && !sd.IsTerminal))
        {
            ongoing.SetStatus("STOPPED", now, $"Service deployment stopped: a newer service deployment ({id}) started.");
            ongoing.FinishedAt = ongoing.StoppedAt = now;
        }

        var previous = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        if (previous is not null)
        {
            previous.Status = "ACTIVE";
            previous.Launching = false;
            previous.Touch(now);
        }
        var liveRevisions = service.Deployments.Where(d => state.TasksOf(d).Any(t => t.IsLive)).Select(d => d.Revision).Distinct().ToList();
        var sources = liveRevisions.Count > 0 ? liveRevisions : previous is null ? [] : [previous.Revision];

        var deployment = new DeploymentRecord(Ids.DeploymentId(), revision, now) { DesiredCount = service.DesiredCount };
        deployment.RolloutStateReason = $"ECS deployment {deployment.Id} in progress.";
        service.Deployments.Insert(0, deployment);

        var configuration = Protocol.Json.Copy(service.DeploymentConfiguration)!;
        var circuitBreaker = configuration["deploymentCircuitBreaker"]?["enable"]?.GetValue<bool>() == true;
        var alarms = configuration["alarms"]?["enable"]?.GetValue<bool>() == true;
        var serviceDeployment = new ServiceDeploymentRecord(id, arn, service, now)
        {
            Stages = StagesFor(service.Strategy, reconcile: liveRevisions.Count > 1),
            DeploymentConfiguration = configuration,
            SourceRevisions = sources,
            TargetRevision = revision,
            Target = deployment,
            CircuitBreakerStatus = circuitBreaker ? "MONITORING" : "DISABLED",
            Threshold = Math.Clamp((int)Math.Ceiling(service.DesiredCount * 0.5), 3, 200),
            AlarmsStatus = alarms ? "MONITORING" : "DISABLED",
        };
        deployment.ServiceDeployment = serviceDeployment;
        state.ServiceDeployments.Add(serviceDeployment);
        service.CurrentServiceDeploymentArn = serviceDeployment.Arn;
        service.SteadyAnnounced = false;
        return serviceDeployment;
    }

    /// <summary>
    /// Rolls back to the last completed revision: a new PRIMARY deployments[] entry on it, the failed one draining.
    /// Without a completed revision to go back to, the service deployment ends ROLLBACK_FAILED.
    /// </summary>
    public static void StartRollback(EcsState state, ServiceDeploymentRecord sd, DateTimeOffset now, string reason)
    {
        var service = sd.Service;
        var failed = sd.Target;
        failed.Launching = false;
        failed.RolloutState = "FAILED";
        failed.RolloutStateReason ??= reason;
        failed.Touch(now);
        var revision = service.LastCompletedRevision;
        if (revision is null || revision == sd.TargetRevision)
        {
            sd.SetStatus("ROLLBACK_FAILED", now, $"{reason} No completed service revision to roll back to.");
            sd.FinishedAt = now;
            return;
        }

        if (failed.Status == "PRIMARY") failed.Status = "ACTIVE";
        var rollback = new DeploymentRecord(Ids.DeploymentId(), revision, now)
        {
            DesiredCount = service.DesiredCount,
            Launching = true,
            ServiceDeployment = sd,
        };
        rollback.RolloutStateReason = $"ECS deployment {rollback.Id} in progress.";
        service.Deployments.Insert(0, rollback);
        service.TaskDefinitionArn = revision.TaskDefinitionArn;
        service.SteadyAnnounced = false;

        sd.RollbackTarget = rollback;
        sd.RollbackReason = reason;
        sd.RollbackStartedAt = now;
        sd.RollbackRevision = revision;
        sd.SetStatus("ROLLBACK_IN_PROGRESS", now, reason);
        service.AddEvent(now, $"rolling back to deployment {rollback.Id}.");
    }

    /// <summary>The lifecycle stages a service deployment goes through, in order.</summary>
    private static IReadOnlyList<string> StagesFor(string strategy, bool reconcile)
    {
        var stages = new List<string>();
        if (reconcile) stages.Add("RECONCILE_SERVICE");
        stages.AddRange(["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP"]);
        if (strategy is "BLUE_GREEN" or "LINEAR" or "CANARY") stages.AddRange(TrafficShiftStages);
        stages.AddRange(["BAKE_TIME", "CLEAN_UP"]);
        return stages;
    }

    /// <summary>How long BAKE_TIME (and, for LINEAR / CANARY, the production traffic shift) lasts, scaled for tests.</summary>
    public static TimeSpan StageLength(ServiceDeploymentRecord sd, string stage, EcsSimulatorOptions options)
    {
        var configuration = sd.DeploymentConfiguration;
        double minutes = stage switch
        {
            "BAKE_TIME" => configuration["bakeTimeInMinutes"]?.GetValue<int>() ?? 0,
            "PRODUCTION_TRAFFIC_SHIFT" when configuration["linearConfiguration"] is JsonObject linear =>
                (100.0 / Math.Max(1.0, linear["stepPercent"]?.GetValue<double>() ?? 10.0) - 1) * (linear["stepBakeTimeInMinutes"]?.GetValue<int>() ?? 0),
            "PRODUCTION_TRAFFIC_SHIFT" when configuration["canaryConfiguration"] is JsonObject canary =>
                canary["canaryBakeTimeInMinutes"]?.GetValue<int>() ?? 0,
            _ => 0,
        };
        var scaled = TimeSpan.FromSeconds(minutes * 60 * options.BakeTimeScale);
        return stage == "BAKE_TIME" ? scaled : options.StageDuration + scaled;
    }

    private static JsonObject RevisionSettings(ServiceRecord service)
    {
        var settings = new JsonObject();
        foreach (var name in (string[])["loadBalancers", "serviceRegistries", "capacityProviderStrategy", "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations"])
            if (service.Settings[name] is { } value) settings[name] = value.DeepClone();
        return settings;
    }
}
