using Deployer.Aws.Ecs;
using Deployer.Execution;

namespace Deployer.Providers.Ecs;

/// <summary>Wait: follow a service deployment (one this deploy started, or one found in flight) to its terminal state.</summary>
public sealed partial class EcsServiceDeploy
{
    private async Task<StepResult> WaitAsync(EcsDeployRequest request, string taskDefinition, string previous, string? deploymentArn,
        DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var wait = new DeploymentWait(ecs, time, polling);
        WaitDecision decision;
        DeploymentSnapshot? snapshot;
        SmokeReport? smoke = null;
        var answered = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                (decision, snapshot) = await wait.UntilTerminalAsync(request.Cluster, request.Service, deploymentArn, taskDefinition, startedAt,
                    request.Timeout, log, cancellationToken, answersSmokeHook: request.Smoke is not null && deploymentArn is not null);
                if (decision is not { Verdict: WaitVerdict.AtSmokeHook, Hook.HookId: { } hookId }) break;
                // ECS may show a hook as awaiting for a moment after it was answered: answer each hook once.
                if (answered.Add(hookId)) smoke = await AnswerSmokeHookAsync(request, deploymentArn!, decision.Hook, cancellationToken);
                else await Task.Delay(polling.MinimumInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A cancelled workflow must not leave a half-rolled deployment behind: stop it with a rollback and wait for that.
            log("cancelled: stopping the deployment with a rollback");
            var stopped = await StopWithRollbackAsync(request, taskDefinition, previous, deploymentArn, startedAt);
            return Result(Outcome.Cancelled, $"cancelled; {stopped.Reason}", taskDefinition, previous, deploymentArn,
                await Forensics.CollectAsync(ecs, request.Cluster, request.Service, taskDefinition, null, startedAt, CancellationToken.None));
        }
        catch (Exception e) when (e is Aws.AwsServiceException or EcsDeployException)
        {
            // Whatever ended the wait, the deployment this step started must not be left running beside its siblings' rollbacks.
            log($"the wait failed ({e.Message}): stopping the deployment with a rollback");
            var stopped = await StopWithRollbackAsync(request, taskDefinition, previous, deploymentArn, startedAt);
            return Result(Outcome.Failed, $"{e.Message}; {stopped.Reason}", taskDefinition, previous, deploymentArn);
        }

        switch (decision.Verdict)
        {
            case WaitVerdict.Succeeded:
                return Result(Outcome.Succeeded, $"{DeploymentDecision.Short(taskDefinition)} is live: {decision.Reason}" +
                                                 (smoke is { Passed: true } ? "; the smoke test passed on the test listener" : ""), taskDefinition, previous, deploymentArn, smoke: smoke);
            case WaitVerdict.TimedOut:
                var message = decision.Reason;
                if (request.RollbackOnTimeout)
                {
                    log($"timed out ({decision.Reason}): stopping the deployment with a rollback");
                    var stopped = await StopWithRollbackAsync(request, taskDefinition, previous, deploymentArn, startedAt);
                    message += $"; {stopped.Reason}";
                }
                return Result(Outcome.TimedOut, message, taskDefinition, previous, deploymentArn,
                    WithSmoke(smoke, await Forensics.CollectAsync(ecs, request.Cluster, request.Service, taskDefinition, snapshot?.Deployment, startedAt, CancellationToken.None)), smoke);
            default:
                var outcome = decision.Verdict == WaitVerdict.RolledBack ? Outcome.RolledBack : Outcome.Failed;
                var reason = smoke is { Passed: false } ? $"smoke test failed on the test listener — {smoke.Reason}; {decision.Reason}" : decision.Reason;
                return Result(outcome, reason, taskDefinition, previous, deploymentArn,
                    WithSmoke(smoke, await Forensics.CollectAsync(ecs, request.Cluster, request.Service, taskDefinition, snapshot?.Deployment, startedAt, CancellationToken.None)), smoke);
        }
    }

    private async Task<InFlightDeployment?> InFlightAsync(EcsService live, CancellationToken cancellationToken)
    {
        ServiceDeployment? current = null;
        if (live.CurrentServiceDeployment is { } arn)
        {
            try
            {
                current = (await ecs.DescribeServiceDeploymentsAsync([arn], cancellationToken)).FirstOrDefault();
            }
            catch (Aws.AwsServiceException e)
            {
                log($"service deployments are not available ({e.Message}); reading the service's deployments instead");
            }
        }
        return InFlightDeployment.Of(live, current);
    }

    private async Task<string?> FindServiceDeploymentAsync(EcsDeployRequest request, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        // The service deployment appears shortly after UpdateService; accounts or emulators without the API fall back to deployments[].
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                var arns = await ecs.ListServiceDeploymentsAsync(request.Cluster, request.Service, startedAt.AddSeconds(-5), cancellationToken);
                if (arns.Count > 0) return arns[0];
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log($"service deployments are not available ({e.Message}); waiting on the service's deployments instead");
                return null;
            }
            await Task.Delay(polling.MinimumInterval, time, cancellationToken);
        }
        return null;
    }
}
