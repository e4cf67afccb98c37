namespace Deployer.BuildEngine;

/// <summary>
/// Runs planned targets one after another. Owns the failure rules: a failure stops the run unless
/// the target proceeds after failure; dependents of a failed target never run; assured targets
/// always run; cancellation aborts the running target and leaves the rest not run.
/// </summary>
internal sealed class TargetRunner(BuildLog log, TimeProvider time, CancellationToken cancellation)
{
    /// <summary>Exit code carried by the first <see cref="TargetFailedException"/>, if any.</summary>
    public int? FailureExitCode { get; private set; }

    public async Task<IReadOnlyList<TargetResult>> Run(IReadOnlyList<PlannedTarget> plan)
    {
        var results = new List<TargetResult>();
        var blocked = new HashSet<ExecutableTarget>();
        var stopped = false;
        foreach (var (target, skipReason) in plan)
        {
            if (skipReason is not null)
            {
                log.Normal($"═══ {target.Name} (skipped: {skipReason})");
                results.Add(new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, skipReason));
                continue;
            }

            var assured = target.Definition.IsAssuredAfterFailure;
            var blockedBy = target.Dependencies.FirstOrDefault(blocked.Contains);
            if (cancellation.IsCancellationRequested || (!assured && (stopped || blockedBy is not null)))
            {
                blocked.Add(target);
                var note = cancellation.IsCancellationRequested ? "cancelled"
                    : blockedBy is not null ? $"{blockedBy.Name} did not succeed" : null;
                results.Add(new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, note));
                continue;
            }

            var result = await RunOne(target).ConfigureAwait(false);
            results.Add(result);
            if (result.Status is TargetStatus.Failed or TargetStatus.Aborted)
            {
                blocked.Add(target);
                stopped |= !target.Definition.IsProceedAfterFailure;
            }
        }

        return results;
    }

    private async Task<TargetResult> RunOne(ExecutableTarget target)
    {
        if (log.IsGitHubActions)
            log.Command(Output.WorkflowCommands.Group(target.Name));
        else
            log.Normal($"═══ {target.Name}");

        var started = time.GetTimestamp();
        TargetResult Result(TargetStatus status, string? note = null) =>
            new(target.Name, status, time.GetElapsedTime(started), note);

        Exception? failure = null;
        var status = TargetStatus.Succeeded;
        string? skipNote = null;
        try
        {
            skipNote = target.Definition.DynamicConditions
                .Where(condition => !condition.Compile()())
                .Select(condition => $"condition '{ExpressionText.Of(condition)}' is false")
                .FirstOrDefault();
            if (skipNote is null)
            {
                foreach (var action in target.Definition.Actions)
                    await action(cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            failure = e;
            status = cancellation.IsCancellationRequested ? TargetStatus.Aborted : TargetStatus.Failed;
        }

        log.Command(Output.WorkflowCommands.EndGroup);
        if (skipNote is not null)
        {
            log.Normal($"Skipped {target.Name}: {skipNote}");
            return Result(TargetStatus.Skipped, skipNote) with { Duration = TimeSpan.Zero };
        }

        if (failure is not null)
            Report(target, failure, status);
        return Result(status);
    }

    private void Report(ExecutableTarget target, Exception failure, TargetStatus status)
    {
        if (status == TargetStatus.Aborted)
        {
            log.Error($"Target {target.Name} was aborted: the build was cancelled.");
            return;
        }

        if (failure is TargetFailedException expected)
        {
            FailureExitCode ??= expected.ExitCode;
            log.Error($"Target {target.Name} failed: {expected.Message}");
        }
        else
        {
            // Anything else is a bug in the build or the engine: show where it happened.
            log.Error($"Target {target.Name} failed with an unexpected error:{Environment.NewLine}{failure}");
        }
    }
}
