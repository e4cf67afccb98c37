namespace Deployer.Simulators.Ecs;

/// <summary>
/// What the simulator knows about one service deployment, for tests and benchmarks:
/// <see cref="SucceededAt"/> is the simulated time at which it became SUCCESSFUL (visible to clients from then on).
/// </summary>
public sealed record SimulatedServiceDeployment(
    string ServiceDeploymentArn,
    string ServiceArn,
    string Status,
    string? LifecycleStage,
    string TargetTaskDefinition,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SucceededAt,
    DateTimeOffset? FinishedAt);
