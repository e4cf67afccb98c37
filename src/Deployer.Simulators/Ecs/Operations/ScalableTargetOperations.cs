using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>
/// Application Auto Scaling's RegisterScalableTarget, DescribeScalableTargets and DeregisterScalableTarget for the
/// simulated ECS services (namespace ecs, dimension ecs:service:DesiredCount only). Targets are records: nothing scales
/// the service on its own, and registering does not move the desired count into the range.
/// </summary>
internal static class ScalableTargetOperations
{
    private const string Dimension = "ecs:service:DesiredCount";

    public static JsonObject Register(EcsState state, JsonObject request)
    {
        var resourceId = Target(request);
        var service = ServiceOf(state, resourceId);
        if (service is not { Status: "ACTIVE" }) throw EcsError.Validation($"ECS service doesn't exist: {resourceId}");
        var min = request.Int("MinCapacity");
        var max = request.Int("MaxCapacity");
        if (min is < 0 || max is < 0) throw EcsError.Validation("1 validation error detected: Value at 'minCapacity' or 'maxCapacity' failed to satisfy constraint: Member must have value greater than or equal to 0");
        if (!state.ScalableTargets.TryGetValue(resourceId, out var target))
        {
            if (min is null || max is null)
                throw EcsError.Validation("MinCapacity and MaxCapacity are required for registering a new scalable target");
            var arn = $"arn:aws:application-autoscaling:{state.Ids.Region}:{state.Ids.Account}:scalable-target/{Guid.NewGuid():N}";
            target = new ScalableTargetRecord(resourceId, arn, state.Now);
        }
        var newMin = min ?? target.MinCapacity;
        var newMax = max ?? target.MaxCapacity;
        if (newMin > newMax) throw EcsError.Validation("Minimum capacity cannot be greater than maximum capacity");
        target.MinCapacity = newMin;
        target.MaxCapacity = newMax;
        state.ScalableTargets[resourceId] = target;
        return new JsonObject { ["ScalableTargetARN"] = target.Arn };
    }

    public static JsonObject Describe(EcsState state, JsonObject request)
    {
        Namespace(request, required: true);
        var dimension = request.Str("ScalableDimension");
        if (dimension is not null) CheckDimension(dimension);
        var ids = request.StrList("ResourceIds");
        var targets = state.ScalableTargets.Values.Where(t => ids is null || ids.Count == 0 || ids.Contains(t.ResourceId));
        return new JsonObject { ["ScalableTargets"] = Json.Array(targets.Select(t => Render(state, t))) };
    }

    public static JsonObject Deregister(EcsState state, JsonObject request)
    {
        var resourceId = Target(request);
        if (!state.ScalableTargets.Remove(resourceId))
            throw EcsError.ObjectNotFound($"No scalable target found for service namespace: ecs, resource ID: {resourceId}, scalable dimension: {Dimension}");
        return [];
    }

    /// <summary>The resource id of a request naming one target, with its namespace and dimension checked.</summary>
    private static string Target(JsonObject request)
    {
        Namespace(request, required: true);
        CheckDimension(request.Str("ScalableDimension") ?? throw EcsError.Validation("1 validation error detected: Value null at 'scalableDimension' failed to satisfy constraint: Member must not be null"));
        var resourceId = request.Str("ResourceId") ?? throw EcsError.Validation("1 validation error detected: Value null at 'resourceId' failed to satisfy constraint: Member must not be null");
        if (resourceId.Split('/') is not ["service", { Length: > 0 }, { Length: > 0 }])
            throw EcsError.Validation($"Unsupported resource type for ecs service namespace: {resourceId}");
        return resourceId;
    }

    private static ServiceRecord? ServiceOf(EcsState state, string resourceId)
    {
        var parts = resourceId.Split('/');
        return state.Clusters.TryGetValue(parts[1], out var cluster) ? state.FindService(cluster, parts[2]) : null;
    }

    private static void Namespace(JsonObject request, bool required)
    {
        var ns = request.Str("ServiceNamespace");
        if (ns is null && required) throw EcsError.Validation("1 validation error detected: Value null at 'serviceNamespace' failed to satisfy constraint: Member must not be null");
        if (ns is not null && ns != "ecs") throw EcsError.Validation($"The simulator holds ECS scalable targets only, not ServiceNamespace {ns}");
    }

    private static void CheckDimension(string dimension)
    {
        if (dimension != Dimension) throw EcsError.Validation($"Unsupported scalable dimension for ecs service namespace: {dimension}");
    }

    private static JsonObject Render(EcsState state, ScalableTargetRecord target) => new()
    {
        ["ServiceNamespace"] = "ecs",
        ["ResourceId"] = target.ResourceId,
        ["ScalableDimension"] = Dimension,
        ["MinCapacity"] = target.MinCapacity,
        ["MaxCapacity"] = target.MaxCapacity,
        ["RoleARN"] = $"arn:aws:iam::{state.Ids.Account}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
        ["CreationTime"] = Json.Epoch(target.CreatedAt),
        ["SuspendedState"] = new JsonObject { ["DynamicScalingInSuspended"] = false, ["DynamicScalingOutSuspended"] = false, ["ScheduledScalingSuspended"] = false },
        ["ScalableTargetARN"] = target.Arn,
    };
}
