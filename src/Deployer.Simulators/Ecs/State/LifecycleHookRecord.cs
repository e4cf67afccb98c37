namespace Deployer.Simulators.Ecs.State;

/// <summary>
/// One lifecycle hook ECS runs at the stage a service deployment entered (lifecycleHookDetails[]). PAUSE hooks wait in
/// AWAITING_ACTION for ContinueServiceDeployment or their timeout; AWS_LAMBDA hooks have no Lambda here and succeed
/// after one stage duration.
/// </summary>
internal sealed class LifecycleHookRecord(string hookId, string stage, string targetType, string? targetArn, DateTimeOffset startedAt)
{
    public string HookId { get; } = hookId;
    public string Stage { get; } = stage;
    public string TargetType { get; } = targetType;
    public string? TargetArn { get; } = targetArn;
    public DateTimeOffset StartedAt { get; } = startedAt;
    /// <summary>AWAITING_ACTION (PAUSE) or IN_PROGRESS (AWS_LAMBDA), then SUCCEEDED, FAILED or TIMED_OUT.</summary>
    public string Status { get; set; } = targetType == "PAUSE" ? "AWAITING_ACTION" : "IN_PROGRESS";
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>CONTINUE or ROLLBACK.</summary>
    public string? TimeoutAction { get; init; }

    public bool IsOpen => Status is "AWAITING_ACTION" or "IN_PROGRESS";

    /// <summary>Whether the stage may end: the hook succeeded, or timed out with CONTINUE.</summary>
    public bool LetsStageEnd => Status == "SUCCEEDED" || (Status == "TIMED_OUT" && TimeoutAction == "CONTINUE");
}
