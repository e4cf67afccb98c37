using System.Text.Json.Nodes;

namespace Deployer.Aws.ApplicationAutoScaling;

/// <summary><see cref="IApplicationAutoScalingApi"/> over awsJson1_1 (target prefix AnyScaleFrontendService).</summary>
public sealed class ApplicationAutoScalingApiClient(AwsJsonClient client) : IApplicationAutoScalingApi
{
    public const string EcsDesiredCount = "ecs:service:DesiredCount";

    public async Task<ScalableTarget?> DescribeEcsServiceTargetAsync(string resourceId, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ResourceIds"] = new JsonArray(resourceId),
            ["ScalableDimension"] = EcsDesiredCount,
        };
        var response = await client.SendAsync("DescribeScalableTargets", request, cancellationToken);
        // One resource id and one dimension: at most one target, so there is no page to follow.
        var target = (response["ScalableTargets"] as JsonArray ?? []).FirstOrDefault(t => (string?)t?["ResourceId"] == resourceId);
        if (target is null) return null;
        return new ScalableTarget(resourceId, Capacity(target, "MinCapacity"), Capacity(target, "MaxCapacity"));
    }

    private static int Capacity(JsonNode target, string name) =>
        (int?)target[name] ?? throw new InvalidDataException($"Application Auto Scaling DescribeScalableTargets returned no {name}.");
}
