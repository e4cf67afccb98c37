using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Engine;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.Rendering;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>CreateService, DescribeServices, UpdateService, DeleteService.</summary>
internal static class ServiceOperations
{
    /// <summary>Members that change what tasks run, so that updating them starts a new deployment.</summary>
    private static readonly string[] DeployedSettings =
        ["capacityProviderStrategy", "loadBalancers", "serviceRegistries", "serviceConnectConfiguration", "volumeConfigurations", "vpcLatticeConfigurations"];

    /// <summary>Members kept and echoed only.</summary>
    private static readonly string[] PlainSettings =
        ["placementConstraints", "placementStrategy", "healthCheckGracePeriodSeconds", "enableECSManagedTags", "propagateTags", "enableExecuteCommand", "availabilityZoneRebalancing"];

    public static JsonObject Create(EcsState state, JsonObject request)
    {
        var cluster = state.Cluster(request.Str("cluster"));
        var name = request.RequiredStr("serviceName");
        if (!Validation.IsName(name)) throw EcsError.InvalidParameter("Service name can contain up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.");
        if (state.FindService(cluster, name) is { Status: not "INACTIVE" }) throw EcsError.InvalidParameter("Creation of service was not idempotent.");
        var controller = request.Obj("deploymentController")?.Str("type") ?? "ECS";
        if (controller != "ECS") throw EcsError.InvalidParameter($"The simulator supports the ECS deployment controller only, not {controller}.");
        var taskDefinition = Resolve(state, request.Str("taskDefinition") ?? throw EcsError.InvalidParameter("TaskDefinition must be specified."));
        var launchType = request.Str("launchType") ?? (request.Arr("capacityProviderStrategy") is null ? "EC2" : null);
        var network = request.Obj("networkConfiguration");
        CheckLaunch(taskDefinition, launchType, network);
        var desired = request.Int("desiredCount") ?? 0;
        if (desired < 0) throw EcsError.InvalidParameter("desiredCount can't be negative.");

        var now = state.Now;
        var service = new ServiceRecord(name, state.Ids.Service(cluster.Name, name), cluster, now)
        {
            TaskDefinitionArn = taskDefinition.Arn,
            DesiredCount = desired,
            LaunchType = launchType,
            PlatformVersion = request.Str("platformVersion") ?? (launchType == "FARGATE" ? "LATEST" : null),
            DeploymentConfiguration = DeploymentConfiguration.Merge(null, request.Obj("deploymentConfiguration")),
            NetworkConfiguration = Json.Copy(network),
        };
        foreach (var member in DeployedSettings.Concat(PlainSettings).Append("tags"))
            service.Settings.With(member, Json.Copy(request[member]));
        service.Settings["placementConstraints"] ??= new JsonArray();
        service.Settings["placementStrategy"] ??= new JsonArray();
        service.Settings["schedulingStrategy"] = request.Str("schedulingStrategy") ?? "REPLICA";
        service.Settings["enableECSManagedTags"] ??= false;
        service.Settings["propagateTags"] ??= "NONE";
        service.Settings["enableExecuteCommand"] ??= false;
        service.Settings["availabilityZoneRebalancing"] ??= "DISABLED";
        service.Settings.With("roleArn", request.Str("role"));
        state.Services[(cluster.Name, name)] = service;
        ServiceDeployments.Start(state, service, now);
        return new JsonObject { ["service"] = ServiceJson.Render(state, service, includeTags: false) };
    }

    public static JsonObject Describe(EcsState state, JsonObject request)
    {
        var cluster = state.Cluster(request.Str("cluster"));
        var names = request.StrList("services");
        if (names is null || names.Count is 0 or > 10) throw EcsError.InvalidParameter("services should have between 1 and 10 entries.");
        var includeTags = (request.StrList("include") ?? []).Contains("TAGS");
        var services = new JsonArray();
        var failures = new JsonArray();
        foreach (var reference in names)
        {
            if (state.FindService(cluster, reference) is { } service) services.Add(ServiceJson.Render(state, service, includeTags));
            else failures.Add(new JsonObject { ["arn"] = state.Ids.Service(cluster.Name, Ids.LastSegment(reference)), ["reason"] = "MISSING" });
        }
        return new JsonObject { ["services"] = services, ["failures"] = failures };
    }

    public static JsonObject Update(EcsState state, JsonObject request)
    {
        var reference = request.RequiredStr("service");
        var cluster = state.ClusterFor(request.Str("cluster"), reference);
        var service = state.Service(cluster, reference);
        if (service.Status != "ACTIVE") throw EcsError.ServiceNotActive();
        if (request.Obj("deploymentController") is { } controller && controller.Str("type") != service.DeploymentControllerType)
            throw EcsError.InvalidParameter("The simulator cannot change the deployment controller of a service.");

        var deploy = request.Bool("forceNewDeployment") == true;
        var taskDefinition = state.FindTaskDefinition(service.TaskDefinitionArn)!;
        if (request.Str("taskDefinition") is { } taskDefinitionReference)
        {
            taskDefinition = Resolve(state, taskDefinitionReference);
            deploy |= taskDefinition.Arn != service.TaskDefinitionArn;
        }
        var network = request.Obj("networkConfiguration") ?? service.NetworkConfiguration;
        CheckLaunch(taskDefinition, service.LaunchType, network);
        var desired = request.Int("desiredCount");
        if (desired < 0) throw EcsError.InvalidParameter("desiredCount can't be negative.");

        if (desired is { } count) service.DesiredCount = count;
        service.TaskDefinitionArn = taskDefinition.Arn;
        if (request.Obj("deploymentConfiguration") is { } configuration)
            service.DeploymentConfiguration = DeploymentConfiguration.Merge(service.DeploymentConfiguration, configuration);
        if (request.Obj("networkConfiguration") is { } newNetwork && !JsonNode.DeepEquals(newNetwork, service.NetworkConfiguration))
        {
            service.NetworkConfiguration = Json.Copy(newNetwork);
            deploy = true;
        }
        if (request.Str("platformVersion") is { } platform && platform != service.PlatformVersion)
        {
            service.PlatformVersion = platform;
            deploy = true;
        }
        foreach (var member in DeployedSettings)
            if (request[member] is { } value && !JsonNode.DeepEquals(value, service.Settings[member]))
            {
                service.Settings[member] = value.DeepClone();
                deploy = true;
            }
        foreach (var member in PlainSettings)
            service.Settings.With(member, Json.Copy(request[member]));
        if (desired is not null) service.SteadyAnnounced = false;

        if (deploy) ServiceDeployments.Start(state, service, state.Now);
        return new JsonObject { ["service"] = ServiceJson.Render(state, service, includeTags: false) };
    }

    public static JsonObject Delete(EcsState state, JsonObject request)
    {
        var reference = request.RequiredStr("service");
        var cluster = state.ClusterFor(request.Str("cluster"), reference);
        var service = state.Service(cluster, reference);
        if (service.Status == "INACTIVE") throw EcsError.ServiceNotFound();
        if (service.DesiredCount > 0 && request.Bool("force") != true)
            throw EcsError.InvalidParameter("The service cannot be stopped while it is scaled above 0.");
        service.DesiredCount = 0;
        service.Status = "DRAINING";
        foreach (var deployment in service.Deployments) deployment.Launching = false;
        state.ServiceDeployments.RemoveAll(sd => sd.Service == service);
        service.CurrentServiceDeploymentArn = null;
        return new JsonObject { ["service"] = ServiceJson.Render(state, service, includeTags: false) };
    }

    /// <summary>A task definition that can start tasks: known and ACTIVE.</summary>
    public static TaskDefinitionRecord Resolve(EcsState state, string reference)
    {
        var taskDefinition = state.FindTaskDefinition(reference) ?? throw EcsError.Client("TaskDefinition not found.");
        return taskDefinition.Status == "ACTIVE" ? taskDefinition : throw EcsError.Client("TaskDefinition is inactive");
    }

    /// <summary>The checks the service makes before placing tasks of a task definition with a launch type.</summary>
    public static void CheckLaunch(TaskDefinitionRecord taskDefinition, string? launchType, JsonObject? networkConfiguration)
    {
        if (launchType == "FARGATE" && !taskDefinition.SupportsFargate)
            throw EcsError.InvalidParameter("Task definition does not support launch_type FARGATE.");
        if (taskDefinition.NetworkMode == "awsvpc" && networkConfiguration?["awsvpcConfiguration"] is null)
            throw EcsError.InvalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }
}
