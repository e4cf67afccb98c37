using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>Everything one ECS service deploy needs, resolved from the plan step (image digest included).</summary>
/// <param name="TemplateFile">Task definition JSON in the repository; null uses the live task definition as template.</param>
/// <param name="DesiredCount">Null keeps the live value (autoscaling owns it).</param>
/// <param name="Configuration">Deployment configuration members to set; null members keep the live values.</param>
/// <param name="RollbackOnTimeout">Stop a deployment that outlives <paramref name="Timeout"/> with a rollback.</param>
/// <param name="RecordedTaskDefinition">
/// A rollback's task definition ARN from the ledger: deployed as it is (image, environment and secrets as they were), not rendered.
/// </param>
/// <param name="Smoke">Checks to run on the test listener when the deployment pauses at Deployer's hook; null: no smoke test.</param>
public sealed record EcsDeployRequest(
    string Cluster,
    string Service,
    ContainerSettings Container,
    string? TemplateFile,
    int? DesiredCount,
    DeploymentConfiguration Configuration,
    TimeSpan Timeout,
    bool RollbackOnTimeout = true,
    string? RecordedTaskDefinition = null,
    SmokeSpec? Smoke = null);

/// <summary>What a deploy would change, read without changing anything: the dry run prints it, the deploy acts on it.</summary>
public sealed record EcsDeployPreparation(
    EcsService Live,
    System.Text.Json.Nodes.JsonObject LiveTaskDefinition,
    System.Text.Json.Nodes.JsonObject Rendered,
    bool TaskDefinitionChanged,
    IReadOnlyList<string> SettingChanges)
{
    public bool IsUnchanged => !TaskDefinitionChanged && SettingChanges.Count == 0;

    /// <summary>The diff a person reads: task definition lines, then service settings.</summary>
    public IReadOnlyList<string> Diff() =>
        [.. TaskDefinitionDiff.Lines(LiveTaskDefinition, Rendered), .. SettingChanges.Select(c => "~ " + c)];
}
