using Amazon.S3;
using Deployer.Aws;
using Deployer.Aws.CloudFormation;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers.Sam;

/// <summary>
/// Runs SAM steps: build, package (or take the recorded template), plan a change set, execute it and wait on the stack,
/// printing its events. An empty change set is Unchanged; a timeout or cancellation cancels the update and waits for the rollback.
/// </summary>
public sealed class SamStepHandler(ICloudFormationApi cloudFormation, IAmazonS3 s3, SecretResolver secrets, string root,
    IReadOnlyDictionary<string, string> environment, TimeProvider time, Action<Step, string> log, StackPolling? polling = null) : IStepHandler
{
    private readonly StackPolling _polling = polling ?? StackPolling.Default;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SamRestorePoint> _restorePoints = new(StringComparer.Ordinal);

    /// <summary>Uploads every artifact even when its key exists (the benchmark's baseline).</summary>
    public bool ForceUpload { get; init; }

    public bool Handles(Step step) => step is DeploySamStackStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var sam = (DeploySamStackStep)step;
        var spec = sam.Stack;
        try
        {
            PackagedTemplate packaged;
            if (sam.RecordedTemplate is { } recorded)
                packaged = await SamPackager.RecordedAsync(s3, recorded, cancellationToken);
            else
            {
                var templatePath = Path.GetFullPath(spec.Template, root);
                if (spec.Build.Count > 0)
                {
                    var (exit, tail) = await Artifacts.BuildProcess.RunAsync(spec.Build, Path.GetDirectoryName(templatePath)!, environment, line => log(step, line), cancellationToken);
                    if (exit != 0) return new StepResult(Outcome.Failed, $"build '{string.Join(' ', spec.Build)}' exited with {exit}; nothing was deployed", Forensics: tail);
                }
                packaged = await new SamPackager(s3, spec.S3Bucket!) { ForceUpload = ForceUpload }.PackageAsync(templatePath, cancellationToken);
            }
            log(step, $"template {packaged.Hash[..12]}: {packaged.Artifacts.Count} artifacts, {packaged.Uploaded} uploaded");
            var location = sam.RecordedTemplate ?? $"s3://{spec.S3Bucket}/{packaged.TemplateKey}";

            var stack = await SettledStackAsync(sam, cancellationToken);
            if (stack is { Status: "ROLLBACK_COMPLETE" })
            {
                if (!spec.DeleteFailedStack)
                    return StepResult.Of(Outcome.Failed, $"stack {spec.Stack} is ROLLBACK_COMPLETE (its creation failed) and must be deleted before a retry; " +
                                                         "set deleteFailedStack: true to let Deployer delete it. Nothing was changed");
                stack = await DeleteFailedAsync(sam, cancellationToken);
            }

            var plain = OutputValues.Resolve(spec.Parameters, $"{sam.ConfigPath}.parameters", state);
            var parameters = await WithSecretsAsync(spec, plain.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)), cancellationToken);
            var planner = new SamChangeSet(cloudFormation, time, _polling);
            var request = new ChangeSetRequest(spec.Stack, planner.NameNow(), SamChangeSet.TypeFor(stack), packaged.Body, spec.Capabilities, parameters, sam.Tags);
            var changeSet = await planner.CreateAsync(request, cancellationToken);
            if (!changeSet.Ready)
            {
                if (changeSet.Id.Length > 0) await cloudFormation.DeleteChangeSetAsync(changeSet.Id, CancellationToken.None);
                return changeSet.Empty
                    ? new StepResult(Outcome.Unchanged, $"stack {spec.Stack} already serves template {packaged.Hash[..12]}; change set deleted",
                        Deployed(sam, stack!, location, packaged))
                    : StepResult.Of(Outcome.Failed, $"change set for {spec.Stack} failed: {changeSet.Description.StatusReason}; nothing was changed");
            }
            foreach (var line in changeSet.Lines()) log(step, line);
            // Taken before executing: once the change set runs, GetTemplate answers with the new template.
            if (await SamRestorePoint.CaptureAsync(cloudFormation, spec, stack, cancellationToken) is { } restore) _restorePoints[step.Id] = restore;
            return await ExecuteAsync(sam, changeSet, location, packaged, cancellationToken);
        }
        catch (AwsServiceException e)
        {
            return StepResult.Of(Outcome.Failed, $"stack {spec.Stack}: {e.Message}");
        }
        catch (UnresolvedOutputException e)
        {
            return StepResult.Of(Outcome.Failed, $"{e.Message}; nothing was changed");
        }
        catch (AmazonS3Exception e)
        {
            return StepResult.Of(Outcome.Failed, $"stack {spec.Stack}: S3 {e.ErrorCode}: {e.Message}");
        }
    }

    private async Task<StepResult> ExecuteAsync(DeploySamStackStep sam, PlannedChangeSet changeSet, string location, PackagedTemplate packaged, CancellationToken cancellationToken)
    {
        var name = sam.Stack.Stack;
        var wait = new StackWait(cloudFormation, time, _polling);
        var seen = (await cloudFormation.DescribeStackEventsAsync(name, cancellationToken)).Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        await cloudFormation.ExecuteChangeSetAsync(changeSet.Id, cancellationToken);
        StackWaitResult result;
        try
        {
            result = await wait.UntilSettledAsync(name, seen, TimeSpan.FromMinutes(sam.Stack.TimeoutMinutes), line => log(sam, line), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var stopped = await StopAsync(sam, changeSet.Type, seen, CancellationToken.None);
            return StepResult.Of(Outcome.Cancelled, $"cancelled; {stopped}");
        }
        if (result.TimedOut)
        {
            var stopped = await StopAsync(sam, changeSet.Type, seen, CancellationToken.None);
            return StepResult.Of(Outcome.TimedOut, $"stack {name} not settled after {sam.Stack.TimeoutMinutes} min ({result.Stack?.Status}); {stopped}");
        }
        return await SamOutcome.OfAsync(sam, result, location, packaged, cloudFormation, Deployed);
    }

    /// <summary>Cancels an update (CloudFormation then rolls it back) and waits for the rollback; a creation cannot be cancelled, only deleted.</summary>
    private async Task<string> StopAsync(DeploySamStackStep sam, string type, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var name = sam.Stack.Stack;
        if (type == "CREATE" && !sam.Stack.DeleteFailedStack) return $"the creation of stack {name} goes on (a creation cannot be cancelled; deleteFailedStack lets Deployer delete it)";
        if (type == "CREATE") await cloudFormation.DeleteStackAsync(name, cancellationToken);
        else await cloudFormation.CancelUpdateStackAsync(name, cancellationToken);
        var after = await new StackWait(cloudFormation, time, _polling)
            .UntilSettledAsync(name, seen, TimeSpan.FromMinutes(sam.Stack.TimeoutMinutes), line => log(sam, line), cancellationToken);
        return type == "CREATE" ? $"stack {name} deleted ({after.Stack?.Status ?? "gone"})" : $"update cancelled, stack {name} is {after.Stack?.Status}";
    }

    /// <summary>The stack before a change set; one in progress from another run is waited for, then read again.</summary>
    private async Task<StackDescription?> SettledStackAsync(DeploySamStackStep sam, CancellationToken cancellationToken)
    {
        var stack = await cloudFormation.DescribeStackAsync(sam.Stack.Stack, cancellationToken);
        if (stack is null || !StackDecision.InProgress(stack.Status)) return stack;
        log(sam, $"stack {stack.Name} is {stack.Status} (another change is running); waiting for it");
        var seen = (await cloudFormation.DescribeStackEventsAsync(sam.Stack.Stack, cancellationToken)).Select(e => e.EventId).ToHashSet(StringComparer.Ordinal);
        await new StackWait(cloudFormation, time, _polling).UntilSettledAsync(sam.Stack.Stack, seen, TimeSpan.FromMinutes(sam.Stack.TimeoutMinutes), line => log(sam, line), cancellationToken);
        return await cloudFormation.DescribeStackAsync(sam.Stack.Stack, cancellationToken);
    }

    private async Task<StackDescription?> DeleteFailedAsync(DeploySamStackStep sam, CancellationToken cancellationToken)
    {
        log(sam, $"deleting stack {sam.Stack.Stack}: its creation failed (ROLLBACK_COMPLETE) and deleteFailedStack is set");
        await cloudFormation.DeleteStackAsync(sam.Stack.Stack, cancellationToken);
        await new StackWait(cloudFormation, time, _polling).UntilSettledAsync(sam.Stack.Stack, [], TimeSpan.FromMinutes(sam.Stack.TimeoutMinutes), _ => { }, cancellationToken);
        return await cloudFormation.DescribeStackAsync(sam.Stack.Stack, cancellationToken) is { Status: not "DELETE_COMPLETE" } left ? left : null;
    }

    private static SamDeployed Deployed(DeploySamStackStep sam, StackDescription stack, string location, PackagedTemplate packaged) =>
        new(sam.Stack.Stack, stack.StackId, stack.Status, stack.Outputs, location, packaged.Hash, packaged.Artifacts.Select(a => a.Key).ToArray(), packaged.Uploaded);

    /// <summary>
    /// Puts a stack this run updated back to the template and parameters it served before (a change set, executed and
    /// waited for). A stack this run created, or one left unchanged, has nothing to go back to.
    /// </summary>
    public async Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken)
    {
        if (completed.Outcome != Outcome.Succeeded || !_restorePoints.TryGetValue(step.Id, out var restore)) return null;
        var sam = (DeploySamStackStep)step;
        var spec = sam.Stack;
        try
        {
            log(step, $"restoring stack {spec.Stack} to the template it served before this release");
            var parameters = await WithSecretsAsync(spec, restore.Parameters, cancellationToken);
            var planner = new SamChangeSet(cloudFormation, time, _polling);
            var request = new ChangeSetRequest(spec.Stack, planner.NameNow() + "-restore", "UPDATE", restore.TemplateBody, spec.Capabilities, parameters, sam.Tags);
            var changeSet = await planner.CreateAsync(request, cancellationToken);
            var previous = new PackagedTemplate(restore.TemplateBody, SamTemplate.Hash(restore.TemplateBody), "", []);
            if (!changeSet.Ready)
            {
                if (changeSet.Id.Length > 0) await cloudFormation.DeleteChangeSetAsync(changeSet.Id, CancellationToken.None);
                return changeSet.Empty
                    ? StepResult.Of(Outcome.Unchanged, $"stack {spec.Stack} already serves its previous template")
                    : StepResult.Of(Outcome.Failed, $"restoring stack {spec.Stack} failed: {changeSet.Description.StatusReason}");
            }
            return await ExecuteAsync(sam, changeSet, "restore point", previous, cancellationToken);
        }
        catch (AwsServiceException e)
        {
            return StepResult.Of(Outcome.Failed, $"restoring stack {spec.Stack}: {e.Message}");
        }
    }

    /// <summary>The plain parameters plus the description's secret ones, resolved now (never kept or printed).</summary>
    private async Task<List<KeyValuePair<string, string>>> WithSecretsAsync(SamStackSpec spec, IEnumerable<KeyValuePair<string, string>> plain, CancellationToken cancellationToken)
    {
        var parameters = plain.ToList();
        foreach (var (key, reference) in spec.SecretParameters)
            parameters.Add(new(key, (await secrets.ResolveAsync(reference, cancellationToken)).Reveal()));
        return parameters;
    }
}
