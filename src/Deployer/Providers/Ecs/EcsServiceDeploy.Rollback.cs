using Deployer.Aws.Ecs;
using Deployer.Execution;

namespace Deployer.Providers.Ecs;

/// <summary>Rollback and restore: stop a deployment with a rollback, or update the service back to an earlier task definition.</summary>
public sealed partial class EcsServiceDeploy
{
    /// <summary>Puts the service back on <paramref name="taskDefinition"/> and waits: the undo when a later step of the release fails.</summary>
    public async Task<StepResult> RestoreAsync(EcsDeployRequest request, string taskDefinition, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        await ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = request.Cluster, Service = request.Service, TaskDefinition = taskDefinition }, cancellationToken);
        var arn = await FindServiceDeploymentAsync(request, startedAt, cancellationToken);
        var (decision, snapshot) = await new DeploymentWait(ecs, time, polling)
            .UntilTerminalAsync(request.Cluster, request.Service, arn, taskDefinition, startedAt, request.Timeout, log, cancellationToken);
        return decision.Verdict == WaitVerdict.Succeeded
            ? StepResult.Of(Outcome.RolledBack, $"back on {DeploymentDecision.Short(taskDefinition)}")
            : new StepResult(Outcome.Failed, $"could not return to {DeploymentDecision.Short(taskDefinition)}: {decision.Reason}", null,
                await Forensics.CollectAsync(ecs, request.Cluster, request.Service, taskDefinition, snapshot?.Deployment, startedAt, cancellationToken));
    }

    /// <summary>StopServiceDeployment ROLLBACK (or, without service deployments, an update back to the previous task definition), then wait for it.</summary>
    private async Task<WaitDecision> StopWithRollbackAsync(EcsDeployRequest request, string taskDefinition, string previous, string? deploymentArn, DateTimeOffset startedAt)
    {
        // The rollback gets its own budget and no cancellation: it is what leaves production serving.
        var budget = TimeSpan.FromMinutes(Math.Max(10, request.Timeout.TotalMinutes));
        if (deploymentArn is not null)
        {
            try
            {
                await ecs.StopServiceDeploymentAsync(deploymentArn, "ROLLBACK", CancellationToken.None);
            }
            catch (Aws.AwsServiceException e)
            {
                // A stop ECS will not take (it finished meanwhile, or the API keeps failing): return by update instead.
                log($"StopServiceDeployment failed ({e.Message}); updating the service back instead");
                return await RestoreByUpdateAsync(request, previous, budget);
            }
            var (decision, _) = await new DeploymentWait(ecs, time, polling).UntilTerminalAsync(
                request.Cluster, request.Service, deploymentArn, taskDefinition, startedAt, budget, log, CancellationToken.None);
            return decision with { Reason = $"stopped with rollback: {decision.Reason}" };
        }
        return await RestoreByUpdateAsync(request, previous, budget);
    }

    private async Task<WaitDecision> RestoreByUpdateAsync(EcsDeployRequest request, string previous, TimeSpan budget)
    {
        var restored = await RestoreAsync(request with { Timeout = budget }, previous, CancellationToken.None);
        return new WaitDecision(restored.Outcome == Outcome.RolledBack ? WaitVerdict.RolledBack : WaitVerdict.Failed, $"rolled back by update: {restored.Message}");
    }
}
