using Deployer.Aws.Ecr;
using Deployer.Aws.Ecs;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Ecs;

/// <summary>
/// Runs <see cref="DeployEcsServiceStep"/>s for one environment: resolves the image digest (from the push step, else
/// from the registry), deploys, and undoes a completed deploy when a later step of the release fails.
/// </summary>
public sealed class EcsStepHandler(
    IEcsApi ecs,
    IEcrApi ecr,
    AwsSpec aws,
    string descriptionDirectory,
    TimeProvider time,
    PollingOptions polling,
    Action<Step, string> log) : IStepHandler, IStepPreviewer
{
    public bool Handles(Step step) => step is DeployEcsServiceStep;

    public bool Previews(Step step) => step is DeployEcsServiceStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        try
        {
            var request = await RequestAsync((DeployEcsServiceStep)step, state, cancellationToken);
            return await Deploy(step).DeployAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is EcsDeployException or TaskDefinitionException or Aws.AwsServiceException)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
    }

    public async Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken)
    {
        if (completed.OutputAs<ServiceDeployed>()?.PreviousTaskDefinition is not { } previous) return null;
        var request = await RequestAsync((DeployEcsServiceStep)step, state, cancellationToken);
        return await Deploy(step).RestoreAsync(request, previous, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        try
        {
            var request = await RequestAsync((DeployEcsServiceStep)step, new ExecutionState(), cancellationToken, preview: true);
            var prepared = await Deploy(step).PrepareAsync(request, cancellationToken);
            return prepared.IsUnchanged ? ["(no change: the live service already matches)"] : prepared.Diff();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [$"(live state not compared: {e.Message})"];
        }
    }

    private EcsServiceDeploy Deploy(Step step) => new(ecs, time, polling, message => log(step, message));

    private async Task<EcsDeployRequest> RequestAsync(DeployEcsServiceStep step, ExecutionState state, CancellationToken cancellationToken, bool preview = false)
    {
        var service = step.Service;
        // Execution sends what the plan holds; only a tag becomes its digest (before the push a preview shows the tag).
        var planned = step.Container ?? EcsContainerSettings.Of(service, step.Image, aws);
        var image = service.ImageUri ?? (preview ? planned.Image : await ReleaseImage.ByDigestAsync(step.Image!, state, ecr, cancellationToken));
        var container = planned with { Image = image };
        var configuration = step.Configuration;
        var template = service.TaskDefinition is null ? null : Path.GetFullPath(service.TaskDefinition, descriptionDirectory);
        return new EcsDeployRequest(step.Cluster, service.Name, container, template, service.DesiredCount, configuration,
            TimeSpan.FromMinutes(service.TimeoutMinutes), service.RollbackOnTimeout, step.RecordedTaskDefinition);
    }
}
