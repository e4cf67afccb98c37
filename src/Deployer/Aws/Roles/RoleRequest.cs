using Deployer.Planning;

namespace Deployer.Aws.Roles;

/// <summary>The role a run acts as: the description's aws.role, where it is written, and the STS session name of this run.</summary>
public sealed record RoleRequest(string RoleArn, string ConfigPath, string SessionName)
{
    /// <summary>The plan's environment's aws.role for this run, or null when the description names none.</summary>
    public static RoleRequest? For(DeployPlan plan, IReadOnlyDictionary<string, string> environment, TimeProvider time) =>
        plan.Aws?.Role is { Length: > 0 } arn
            ? new RoleRequest(arn, $"environments.{plan.Environment}.aws.role", RoleSessionName.For(plan.App, plan.Environment, RoleSessionName.Run(environment, time)))
            : null;
}
