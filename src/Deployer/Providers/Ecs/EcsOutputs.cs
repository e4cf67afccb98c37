using Deployer.Execution;

namespace Deployer.Providers.Ecs;

/// <summary>A service deployed (or found already) on <paramref name="TaskDefinition"/>; <paramref name="PreviousTaskDefinition"/> is what a rollback returns to.</summary>
/// <param name="Smoke">The smoke test on the test listener, when one ran.</param>
public sealed record ServiceDeployed(string TaskDefinition, string PreviousTaskDefinition, string? ServiceDeployment = null,
    Releases.SmokeRecord? Smoke = null) : StepOutput;

/// <summary>A one-off task that ran (or was waited for): its ARN and its container's exit code.</summary>
/// <param name="TaskDefinition">For a migration task: the <c>-migrate</c> task definition registered for it.</param>
/// <param name="Image">For a migration task: the image it ran, pinned by digest.</param>
/// <param name="WaitedFor">The task of another run this one queued behind, when it gave up waiting.</param>
public sealed record TaskRan(string? Task, int? ExitCode = null, string? TaskDefinition = null, string? Image = null, string? WaitedFor = null) : StepOutput;
