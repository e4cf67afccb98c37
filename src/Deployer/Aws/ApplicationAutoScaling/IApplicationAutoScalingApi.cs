namespace Deployer.Aws.ApplicationAutoScaling;

/// <summary>
/// The one Application Auto Scaling call Deployer makes (awsJson1_1, target prefix AnyScaleFrontendService): reading
/// whether a scalable target owns an ECS service's desired count. Deployer never registers or changes targets.
/// </summary>
public interface IApplicationAutoScalingApi
{
    /// <summary>
    /// DescribeScalableTargets for one ECS service's <c>ecs:service:DesiredCount</c>; null when no target is registered.
    /// </summary>
    /// <param name="resourceId">As Application Auto Scaling names it: <c>service/&lt;cluster&gt;/&lt;service&gt;</c>.</param>
    Task<ScalableTarget?> DescribeEcsServiceTargetAsync(string resourceId, CancellationToken cancellationToken);
}

/// <summary>A registered scalable target: the capacity range Application Auto Scaling keeps the service within.</summary>
public sealed record ScalableTarget(string ResourceId, int MinCapacity, int MaxCapacity)
{
    /// <summary>The resource id of an ECS service: <c>service/&lt;cluster&gt;/&lt;service&gt;</c>.</summary>
    public static string EcsServiceResourceId(string cluster, string service) => $"service/{cluster}/{service}";
}
