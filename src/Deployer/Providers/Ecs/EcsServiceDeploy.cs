using System.Text.Json.Nodes;
using Deployer.Aws.Ecs;
using Deployer.Execution;

namespace Deployer.Providers.Ecs;

/// <summary>
/// Deploys one ECS service: render the task definition, register it only when it changed, update the service, wait on
/// the service deployment, and stop it with a rollback on timeout or cancellation. Every failure carries forensics.
/// </summary>
public sealed class EcsServiceDeploy(IEcsApi ecs, TimeProvider time, PollingOptions polling, Action<string> log)
{
    /// <summary>Reads the live service and renders what would be deployed. Read-only: the dry run calls only this.</summary>
    public async Task<EcsDeployPreparation> PrepareAsync(EcsDeployRequest request, CancellationToken cancellationToken)
    {
        var live = await ecs.DescribeServiceAsync(request.Cluster, request.Service, cancellationToken)
                   ?? throw new EcsDeployException(
                       $"service '{request.Service}' does not exist in cluster '{request.Cluster}': Deployer updates existing services; " +
                       "create it first (CloudFormation, Terraform or the console)");
        if (live.DeploymentControllerType is "CODE_DEPLOY" or "EXTERNAL")
            throw new EcsDeployException($"service '{request.Service}' uses the {live.DeploymentControllerType} deployment controller; Deployer deploys services with the ECS controller");
        var liveTaskDefinition = await ecs.DescribeTaskDefinitionAsync(live.TaskDefinition, cancellationToken);
        if (request.RecordedTaskDefinition is { } recorded)
        {
            var earlier = await ecs.DescribeTaskDefinitionAsync(recorded, cancellationToken);
            return new EcsDeployPreparation(live, liveTaskDefinition, earlier, live.TaskDefinition != recorded, SettingChanges(live, request));
        }
        var template = request.TemplateFile is null
            ? liveTaskDefinition
            : JsonNode.Parse(await File.ReadAllTextAsync(request.TemplateFile, cancellationToken)) as JsonObject
              ?? throw new TaskDefinitionException($"{request.TemplateFile} is not a JSON object");
        var rendered = TaskDefinitionTemplate.Render(template, request.Container);
        return new EcsDeployPreparation(live, liveTaskDefinition, rendered,
            !TaskDefinitionDiff.AreEquivalent(rendered, liveTaskDefinition), SettingChanges(live, request));
    }

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

    private async Task<StepResult> WaitAsync(EcsDeployRequest request, string taskDefinition, string previous, string? deploymentArn,
        DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var wait = new DeploymentWait(ecs, time, polling);
        WaitDecision decision;
        DeploymentSnapshot? snapshot;
        try
        {
            (decision, snapshot) = await wait.UntilTerminalAsync(request.Cluster, request.Service, deploymentArn, taskDefinition, startedAt,
                request.Timeout, log, cancellationToken);
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
                return Result(Outcome.Succeeded, $"{DeploymentDecision.Short(taskDefinition)} is live: {decision.Reason}", taskDefinition, previous, deploymentArn);
            case WaitVerdict.TimedOut:
                var message = decision.Reason;
                if (request.RollbackOnTimeout)
                {
                    log($"timed out ({decision.Reason}): stopping the deployment with a rollback");
                    var stopped = await StopWithRollbackAsync(request, taskDefinition, previous, deploymentArn, startedAt);
                    message += $"; {stopped.Reason}";
                }
                return Result(Outcome.TimedOut, message, taskDefinition, previous, deploymentArn,
                    await Forensics.CollectAsync(ecs, request.Cluster, request.Service, taskDefinition, snapshot?.Deployment, startedAt, CancellationToken.None));
            default:
                var outcome = decision.Verdict == WaitVerdict.RolledBack ? Outcome.RolledBack : Outcome.Failed;
                return Result(outcome, decision.Reason, taskDefinition, previous, deploymentArn,
                    await Forensics.CollectAsync(ecs, request.Cluster, request.Service, taskDefinition, snapshot?.Deployment, startedAt, CancellationToken.None));
        }
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

    private static IReadOnlyList<string> SettingChanges(EcsService live, EcsDeployRequest request)
    {
        var changes = new List<string>();
        void Compare<T>(string name, T? current, T? wanted) where T : struct
        {
            if (wanted is not null && !Equals(current, wanted)) changes.Add($"{name}: {current?.ToString() ?? "unset"} → {wanted}");
        }
        Compare("desiredCount", live.DesiredCount, request.DesiredCount);
        var current = live.DeploymentConfiguration;
        var wanted = request.Configuration;
        Compare("minimumHealthyPercent", current?.MinimumHealthyPercent, wanted.MinimumHealthyPercent);
        Compare("maximumPercent", current?.MaximumPercent, wanted.MaximumPercent);
        if (wanted.DeploymentCircuitBreaker is { } breaker && breaker != current?.DeploymentCircuitBreaker)
            changes.Add($"deploymentCircuitBreaker: {Describe(current?.DeploymentCircuitBreaker)} → {Describe(breaker)}");
        if (wanted.Strategy is { } strategy && strategy != (current?.Strategy ?? "ROLLING"))
            changes.Add($"strategy: {current?.Strategy ?? "ROLLING"} → {strategy}");
        Compare("bakeTimeInMinutes", current?.BakeTimeInMinutes, wanted.BakeTimeInMinutes);
        if (wanted.CanaryConfiguration is { } canary && canary != current?.CanaryConfiguration)
            changes.Add($"canaryConfiguration: {canary.CanaryPercent}% for {canary.CanaryBakeTimeInMinutes} min");
        if (wanted.LinearConfiguration is { } linear && linear != current?.LinearConfiguration)
            changes.Add($"linearConfiguration: steps of {linear.StepPercent}% every {linear.StepBakeTimeInMinutes} min");
        if (wanted.Alarms is { } alarms && !SameAlarms(alarms, current?.Alarms))
            changes.Add($"alarms: {string.Join(", ", current?.Alarms?.AlarmNames ?? [])} → {string.Join(", ", alarms.AlarmNames)}");
        return changes;
    }

    private static DeploymentConfiguration Merge(DeploymentConfiguration? live, DeploymentConfiguration wanted) => new()
    {
        MinimumHealthyPercent = wanted.MinimumHealthyPercent ?? live?.MinimumHealthyPercent,
        MaximumPercent = wanted.MaximumPercent ?? live?.MaximumPercent,
        DeploymentCircuitBreaker = wanted.DeploymentCircuitBreaker ?? live?.DeploymentCircuitBreaker,
        Alarms = wanted.Alarms ?? live?.Alarms,
        Strategy = wanted.Strategy ?? live?.Strategy,
        // Strategy-specific members follow the strategy asked for, never a previous strategy's leftovers.
        BakeTimeInMinutes = wanted.Strategy is null ? live?.BakeTimeInMinutes : wanted.BakeTimeInMinutes,
        CanaryConfiguration = wanted.Strategy is null ? live?.CanaryConfiguration : wanted.CanaryConfiguration,
        LinearConfiguration = wanted.Strategy is null ? live?.LinearConfiguration : wanted.LinearConfiguration,
    };

    private static bool SameAlarms(DeploymentAlarms a, DeploymentAlarms? b) =>
        b is not null && a.Enable == b.Enable && a.Rollback == b.Rollback && a.AlarmNames.Order().SequenceEqual(b.AlarmNames.Order());

    private static string Describe(DeploymentCircuitBreaker? breaker) =>
        breaker is null ? "unset" : $"enable={breaker.Enable.ToString().ToLowerInvariant()} rollback={breaker.Rollback.ToString().ToLowerInvariant()}";

    private static StepResult Result(Outcome outcome, string message, string taskDefinition, string previous, string? deploymentArn, string? forensics = null) =>
        new(outcome, message, new ServiceDeployed(taskDefinition, previous, deploymentArn), forensics);
}
