using System.Globalization;
using Deployer.Aws.ApplicationAutoScaling;

namespace Deployer.Providers.Ecs;

/// <summary>What Application Auto Scaling said about a service's desired count, read just before UpdateService.</summary>
public abstract record ScalingOwnership
{
    private ScalingOwnership() { }

    /// <summary>No scalable target: the description's desiredCount is the only owner.</summary>
    public sealed record None : ScalingOwnership;

    /// <summary>A scalable target keeps the count within its range.</summary>
    public sealed record Owned(ScalableTarget Target) : ScalingOwnership;

    /// <summary>The read failed (AccessDenied, network...): whether a target exists is unknown.</summary>
    public sealed record Unknown(string Reason) : ScalingOwnership;
}

/// <summary>The desiredCount to send with UpdateService (null keeps the live count) and why, when it is not the description's.</summary>
/// <param name="Send">Sent as desiredCount; null keeps the live count.</param>
/// <param name="Note">Said in the step's output when a described count is not sent.</param>
/// <param name="IsWarning">True when the note is a warning (the owner could not be read).</param>
public sealed record DesiredCountDecision(int? Send, string? Note, bool IsWarning = false);

/// <summary>
/// Whether a described desiredCount is sent. A scalable target owns the count: sending ours would undo autoscaling on
/// every release (ecspresso skips it too). When the owner cannot be read, the conservative choice is to leave
/// capacity as it is and warn: a deploy never shrinks a service it may not own.
/// </summary>
public static class DesiredCount
{
    /// <summary>The decision for <paramref name="described"/> given what Application Auto Scaling said.</summary>
    public static DesiredCountDecision Decide(int? described, ScalingOwnership ownership)
    {
        if (described is not { } count) return new(null, null);
        var text = count.ToString(CultureInfo.InvariantCulture);
        return ownership switch
        {
            ScalingOwnership.None => new(count, null),
            ScalingOwnership.Owned { Target: var t } =>
                new(null, $"desiredCount {text} not sent: Application Auto Scaling owns {t.ResourceId} (min {t.MinCapacity}, max {t.MaxCapacity})"),
            ScalingOwnership.Unknown { Reason: var reason } =>
                new(null, $"desiredCount {text} not sent: could not read Application Auto Scaling ({reason}); the live count is kept", IsWarning: true),
            _ => throw new ArgumentOutOfRangeException(nameof(ownership), ownership, null),
        };
    }

    /// <summary>
    /// Reads who owns the service's count; only asked when the description sets desiredCount. A failed read becomes
    /// <see cref="ScalingOwnership.Unknown"/>, never an exception: the deploy goes on without touching capacity.
    /// </summary>
    public static async Task<ScalingOwnership> ReadOwnershipAsync(IApplicationAutoScalingApi autoScaling, string cluster, string service, CancellationToken cancellationToken)
    {
        try
        {
            return await autoScaling.DescribeEcsServiceTargetAsync(ScalableTarget.EcsServiceResourceId(cluster, service), cancellationToken) is { } target
                ? new ScalingOwnership.Owned(target)
                : new ScalingOwnership.None();
        }
        catch (Exception e) when (e is Aws.AwsServiceException or HttpRequestException or InvalidDataException)
        {
            return new ScalingOwnership.Unknown(e.Message);
        }
    }
}
