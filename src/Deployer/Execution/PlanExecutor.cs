using Deployer.Planning;

namespace Deployer.Execution;

/// <summary>
/// Runs a plan's DAG: independent steps in parallel, one cancellation token, and on failure compensation of completed
/// steps in reverse order of completion. Decisions about a provider's progress belong to its handler, not here.
/// </summary>
public sealed class PlanExecutor(IReadOnlyList<IStepHandler> handlers, IExecutionLog log, TimeProvider time)
{
    /// <summary>Steps whose provider has no handler, with the provider name; checked before anything runs.</summary>
    public IReadOnlyList<Step> Unsupported(DeployPlan plan) => plan.Steps.Where(s => !handlers.Any(h => h.Handles(s))).ToArray();

    public async Task<ReleaseResult> ExecuteAsync(DeployPlan plan, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var missing = Unsupported(plan);
        if (missing.Count > 0)
        {
            var providers = string.Join(", ", missing.Select(s => s.Provider).Distinct());
            var message = $"Provider {providers} is not available yet in this version of Deployer " +
                          $"(steps: {string.Join(", ", missing.Select(s => s.Id))}). Nothing was changed.";
            var notRun = plan.Steps.Select(s => new StepRecord(s, StepResult.Of(Outcome.NotRun, "not run"), null, null)).ToArray();
            return new ReleaseResult(plan, Outcome.Failed, message, notRun, started, time.GetUtcNow());
        }

        var state = new ExecutionState();
        var records = new Dictionary<string, StepRecord>(StringComparer.Ordinal);
        var completionOrder = new List<string>();
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Dictionary<Task<StepRecord>, Step>();
        var pending = plan.Steps.ToList();
        Step? firstFailure = null;

        while (pending.Count > 0 || running.Count > 0)
        {
            if (firstFailure is null && !cancellationToken.IsCancellationRequested)
            {
                foreach (var ready in pending.Where(s => s.DependsOn.All(d => records.TryGetValue(d, out var r) && Completed(r.Result.Outcome))).ToArray())
                {
                    pending.Remove(ready);
                    running.Add(RunStepAsync(ready, state, failFast.Token), ready);
                }
            }
            if (running.Count == 0) break;

            var finished = await Task.WhenAny(running.Keys);
            running.Remove(finished);
            var record = await finished;
            records[record.Step.Id] = record;
            completionOrder.Add(record.Step.Id);
            state.Record(record.Step.Id, record.Result);
            if (!Completed(record.Result.Outcome) && firstFailure is null)
            {
                firstFailure = record.Step;
                // Siblings still in flight are told to stop (and roll back) rather than finish a release that is already lost.
                if (record.Result.Outcome != Outcome.Paused) await failFast.CancelAsync();
            }
        }

        foreach (var step in pending)
            records[step.Id] = new StepRecord(step, StepResult.Of(Outcome.NotRun, "not run: an earlier step did not succeed"), null, null);

        var compensationFailed = false;
        if (firstFailure is not null && records[firstFailure.Id].Result.Outcome != Outcome.Paused)
        {
            foreach (var id in Enumerable.Reverse(completionOrder))
            {
                var record = records[id];
                if (record.Result.Outcome != Outcome.Succeeded) continue;
                var handler = handlers.First(h => h.Handles(record.Step));
                log.Compensating(record.Step);
                // Compensation must finish even when the run was cancelled: it is what leaves production working.
                var compensation = await handler.CompensateAsync(record.Step, record.Result, state, CancellationToken.None);
                if (compensation is null) continue;
                records[id] = record with { Compensation = compensation };
                compensationFailed |= compensation.Outcome is not (Outcome.RolledBack or Outcome.Succeeded or Outcome.Unchanged);
            }
        }

        var ordered = plan.Steps.Select(s => records[s.Id]).ToArray();
        var (outcome, summary) = Decide(ordered, firstFailure, compensationFailed, cancellationToken.IsCancellationRequested);
        return new ReleaseResult(plan, outcome, summary, ordered, started, time.GetUtcNow());
    }

    /// <summary>The release outcome from its steps: pure, so it is tested as a table.</summary>
    internal static (Outcome, string) Decide(IReadOnlyList<StepRecord> steps, Step? firstFailure, bool compensationFailed, bool cancelled)
    {
        if (compensationFailed)
            return (Outcome.Failed, "A step failed and undoing an earlier step failed too: check the forensics, production may need a human.");
        if (cancelled)
            return (Outcome.Cancelled, "Cancelled: in-flight steps were stopped and completed ones rolled back where possible.");
        if (firstFailure is not null)
        {
            var failed = steps.First(s => s.Step.Id == firstFailure.Id).Result;
            return failed.Outcome switch
            {
                Outcome.Paused => (Outcome.Paused, $"{firstFailure.Id} is paused: {failed.Message}"),
                Outcome.TimedOut => (Outcome.TimedOut, $"{firstFailure.Id} timed out: {failed.Message}"),
                Outcome.RolledBack => (Outcome.RolledBack, $"{firstFailure.Id} rolled back: {failed.Message}"),
                Outcome.Cancelled => (Outcome.Cancelled, $"{firstFailure.Id} was cancelled: {failed.Message}"),
                Outcome.InvalidInput when !steps.Any(s => s.Compensation is not null) => (Outcome.InvalidInput, $"{firstFailure.Id} stopped on bad input: {failed.Message}"),
                // What the release touched is back where it was (a verify check failed after the deploys, say): rolled back.
                _ when steps.Any(s => s.Compensation is not null) =>
                    (Outcome.RolledBack, $"{firstFailure.Id} failed: {failed.Message}; {steps.Count(s => s.Compensation is not null)} deployed step(s) were put back"),
                _ => (Outcome.Failed, $"{firstFailure.Id} failed: {failed.Message}"),
            };
        }
        return steps.Any(s => s.Result.Outcome == Outcome.Succeeded)
            ? (Outcome.Succeeded, "Every step succeeded.")
            : (Outcome.Unchanged, "Nothing changed: everything was already as described.");
    }

    private async Task<StepRecord> RunStepAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var handler = handlers.First(h => h.Handles(step));
        var started = time.GetUtcNow();
        log.StepStarted(step);
        StepResult result;
        try
        {
            result = await handler.RunAsync(step, state, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = StepResult.Of(Outcome.Cancelled, "cancelled");
        }
        catch (Exception e)
        {
            result = new StepResult(Outcome.Failed, e.Message, Forensics: e.ToString());
        }
        var finished = time.GetUtcNow();
        log.StepFinished(step, result, finished - started);
        return new StepRecord(step, result, started, finished);
    }

    private static bool Completed(Outcome outcome) => outcome is Outcome.Succeeded or Outcome.Unchanged;
}
