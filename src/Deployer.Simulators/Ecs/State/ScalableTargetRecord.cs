namespace Deployer.Simulators.Ecs.State;

/// <summary>An Application Auto Scaling target on an ECS service's desired count (dimension ecs:service:DesiredCount).</summary>
internal sealed class ScalableTargetRecord(string resourceId, string arn, DateTimeOffset createdAt)
{
    /// <summary><c>service/&lt;cluster&gt;/&lt;service&gt;</c>.</summary>
    public string ResourceId { get; } = resourceId;
    public string Arn { get; } = arn;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public int MinCapacity { get; set; }
    public int MaxCapacity { get; set; }
}
