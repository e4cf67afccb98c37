using Deployer.Execution;

namespace Deployer.Providers.Coolify;

/// <summary>
/// What a Coolify step left running: per application (same order), the deployment that ran and the commit or image tag
/// it deployed; <paramref name="Previous"/> is what ran before (<c>uuid@commit</c>, comma separated), which undoing it restores.
/// </summary>
public sealed record CoolifyDeployed(IReadOnlyList<string> Applications, IReadOnlyList<string> DeploymentUuids, IReadOnlyList<string> Commits, string? Previous) : StepOutput;
