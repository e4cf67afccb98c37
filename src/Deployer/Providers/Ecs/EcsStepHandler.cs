using Deployer.Aws.ApplicationAutoScaling;
using Deployer.Aws.Ecr;
using Deployer.Aws.Ecs;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Ecs;

/// <summary>
/// Runs <see cref="DeployEcsServiceStep"/>s for one environment: resolves the image digest (from the push step, else
/// from the registry), decides whether the described desiredCount is sent (<see cref="DesiredCount"/>), deploys, and
/// undoes a completed deploy when a later step of the release fails. Smoke tests reach the test listener through
/// <c>smokeTransport</c>.
/// </summary>
public sealed class EcsStepHandler(
    IEcsApi ecs,
    IEcrApi ecr,
    IApplicationAutoScalingApi autoScaling,
    AwsSpec aws,
    string descriptionDirectory,
    TimeProvider time,
    PollingOptions polling,
    Action<Step, string> log,
    HttpMessageHandler? smokeTransport = null) : IStepHandler, IStepPreviewer
{
    public bool Handles(Step step) => step is DeployEcsServiceStep;

    public bool Previews(Step step) => step is DeployEcsServiceStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        try
        {
            var desired = await DecideDesiredCountAsync((DeployEcsServiceStep)step, cancellationToken);
            if (desired.Note is { } note) log(step, desired.IsWarning ? "warning: " + note : note);
            var request = await RequestAsync((DeployEcsServiceStep)step, state, desired.Send, cancellationToken);
            return await Deploy(step).DeployAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is EcsDeployException or TaskDefinitionException or Aws.AwsServiceException)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
        catch (UnresolvedOutputException e)
        {
            return StepResult.Of(Outcome.Failed, $"{e.Message}; the service was not updated");
        }
    }

    public async Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken)
    {
        if (completed.OutputAs<ServiceDeployed>()?.PreviousTaskDefinition is not { } previous) return null;
        // A restore puts the previous task definition back and sends no desiredCount.
        var request = await RequestAsync((DeployEcsServiceStep)step, state, null, cancellationToken);
        return await Deploy(step).RestoreAsync(request, previous, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        try
        {
            var desired = await DecideDesiredCountAsync((DeployEcsServiceStep)step, cancellationToken);
            var request = await RequestAsync((DeployEcsServiceStep)step, new ExecutionState(), desired.Send, cancellationToken, preview: true);
            var prepared = await Deploy(step).PrepareAsync(request, cancellationToken);
            IReadOnlyList<string> diff = prepared.IsUnchanged ? ["(no change: the live service already matches)"] : prepared.Diff();
            return desired.Note is { } note ? [$"({note})", .. diff] : diff;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [$"(live state not compared: {e.Message})"];
        }
    }

    private EcsServiceDeploy Deploy(Step step) => new(ecs, time, polling, message => log(step, message), smokeTransport);

    /// <summary>Application Auto Scaling is asked only when the description sets desiredCount.</summary>
    private async Task<DesiredCountDecision> DecideDesiredCountAsync(DeployEcsServiceStep step, CancellationToken cancellationToken) =>
        step.Service.DesiredCount is null
            ? DesiredCount.Decide(null, new ScalingOwnership.None())
            : DesiredCount.Decide(step.Service.DesiredCount, await DesiredCount.ReadOwnershipAsync(autoScaling, step.Cluster, step.Service.Name, cancellationToken));

    private async Task<EcsDeployRequest> RequestAsync(DeployEcsServiceStep step, ExecutionState state, int? desiredCount, CancellationToken cancellationToken, bool preview = false)
    {
        var service = step.Service;
        // Execution sends what the plan holds; only a tag becomes its digest (before the push a preview shows the tag).
        var planned = step.Container ?? EcsContainerSettings.Of(service, step.Image, aws);
        var image = service.ImageUri ?? (preview ? planned.Image : await ReleaseImage.ByDigestAsync(step.Image!, state, ecr, cancellationToken));
        // Outputs of earlier steps (a stack's API URL) are known only now; a preview shows the references as written.
        var environment = preview ? planned.Environment : OutputValues.Resolve(planned.Environment, step.EnvironmentSetting, state);
        var container = planned with { Image = image, Environment = environment };
        var configuration = step.Configuration;
        var template = service.TaskDefinition is null ? null : Path.GetFullPath(service.TaskDefinition, descriptionDirectory);
        return new EcsDeployRequest(step.Cluster, service.Name, container, template, desiredCount, configuration,
            TimeSpan.FromMinutes(service.TimeoutMinutes), service.RollbackOnTimeout, step.RecordedTaskDefinition, service.Smoke);
    }
}
