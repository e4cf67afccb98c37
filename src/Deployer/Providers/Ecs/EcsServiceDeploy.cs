using Deployer.Aws.Ecs;
using Deployer.Execution;

namespace Deployer.Providers.Ecs;

/// <summary>
/// Deploys one ECS service: render the task definition, register it only when it changed, update the service, wait on
/// the service deployment, and stop it with a rollback on timeout or cancellation. Every failure carries forensics.
/// One operation per file: prepare (EcsServiceDeploy.Prepare.cs), deploy (here), wait (EcsServiceDeploy.Wait.cs),
/// rollback and restore (EcsServiceDeploy.Rollback.cs), smoke tests at the PAUSE hook (EcsServiceDeploy.Smoke.cs).
/// </summary>
/// <param name="smokeTransport">How smoke tests reach the test listener; needed only by requests with smoke checks.</param>
public sealed partial class EcsServiceDeploy(IEcsApi ecs, TimeProvider time, PollingOptions polling, Action<string> log, HttpMessageHandler? smokeTransport = null)
{
    public async Task<StepResult> DeployAsync(EcsDeployRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(request, cancellationToken);
        var previous = prepared.Live.TaskDefinition;
        if (prepared.IsUnchanged && await InFlightAsync(prepared.Live, cancellationToken) is { } inFlight)
        {
            // Same task definition, but not yet live: adopt the deployment and report how it really ends.
            log($"a deployment of {DeploymentDecision.Short(inFlight.TaskDefinition)} is still in flight: waiting for it");
            return await WaitAsync(request, inFlight.TaskDefinition, inFlight.Previous, inFlight.ServiceDeploymentArn, time.GetUtcNow(), cancellationToken);
        }
        if (prepared.IsUnchanged)
            return Result(Outcome.Unchanged, $"already on {DeploymentDecision.Short(previous)} with the same settings; nothing registered", previous, previous, null);

        var taskDefinition = previous;
        if (prepared.TaskDefinitionChanged && request.RecordedTaskDefinition is { } recorded)
            taskDefinition = recorded; // a rollback returns to the revision the ledger recorded; nothing is registered
        else if (prepared.TaskDefinitionChanged)
        {
            var registered = await ecs.RegisterTaskDefinitionAsync(prepared.Rendered, cancellationToken);
            taskDefinition = registered["taskDefinitionArn"]!.GetValue<string>();
            log($"registered {DeploymentDecision.Short(taskDefinition)}");
        }

        var startedAt = time.GetUtcNow();
        var updated = await ecs.UpdateServiceAsync(new UpdateServiceRequest
        {
            Cluster = request.Cluster,
            Service = request.Service,
            TaskDefinition = taskDefinition,
            DesiredCount = request.DesiredCount,
            DeploymentConfiguration = Merge(prepared.Live.DeploymentConfiguration, request.Configuration),
            ForceNewDeployment = !prepared.TaskDefinitionChanged ? true : null,
        }, cancellationToken);
        log($"updated service {request.Service} to {DeploymentDecision.Short(taskDefinition)}");
        // UpdateService names the deployment it started where the API supports it; listing by time is the fallback.
        var deploymentArn = updated.CurrentServiceDeployment is { } current && current != prepared.Live.CurrentServiceDeployment
            ? current
            : await FindServiceDeploymentAsync(request, startedAt, cancellationToken);

        return await WaitAsync(request, taskDefinition, previous, deploymentArn, startedAt, cancellationToken);
    }

    private static StepResult Result(Outcome outcome, string message, string taskDefinition, string previous, string? deploymentArn, string? forensics = null,
        SmokeReport? smoke = null) =>
        new(outcome, message, new ServiceDeployed(taskDefinition, previous, deploymentArn, smoke?.Record()), forensics);
}
