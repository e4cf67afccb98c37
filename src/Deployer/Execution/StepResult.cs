using Deployer.Planning;

namespace Deployer.Execution;

/// <summary>What a handler reports for one step.</summary>
/// <param name="Outcome">The step's outcome.</param>
/// <param name="Message">One line for the log and summary.</param>
/// <param name="Output">What the step produced (a digest, a task definition ARN, revisions), typed by its producer.</param>
/// <param name="Forensics">On failure: why, on one screen (events, stopped tasks, last log lines).</param>
public sealed record StepResult(Outcome Outcome, string Message, StepOutput? Output = null, string? Forensics = null)
{
    public static StepResult Of(Outcome outcome, string message) => new(outcome, message);

    /// <summary>The output rendered as kebab-case names, as $GITHUB_OUTPUT and the JSON result show it.</summary>
    public IReadOnlyDictionary<string, string> Outputs => Output?.Render() ?? Empty;

    /// <summary>The output as <typeparamref name="T"/>, or null when the step produced something else or nothing.</summary>
    public T? OutputAs<T>() where T : StepOutput => Output as T;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}

/// <summary>A step's result inside a release, with timing.</summary>
public sealed record StepRecord(Step Step, StepResult Result, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, StepResult? Compensation = null)
{
    public TimeSpan Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : TimeSpan.Zero;
}

/// <summary>The outcome of executing a plan.</summary>
public sealed record ReleaseResult(DeployPlan Plan, Outcome Outcome, string Message, IReadOnlyList<StepRecord> Steps, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)
{
    public int ExitCode => ExitCodes.For(Outcome);
}

/// <summary>Runs one provider's steps. Handlers live at the I/O edge; the executor only schedules.</summary>
public interface IStepHandler
{
    /// <summary>Whether this handler runs the step.</summary>
    bool Handles(Step step);

    /// <summary>Performs the step. Cancellation means: stop what is in flight (rolling back where possible) and return.</summary>
    Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken);

    /// <summary>Undoes a completed step when a later one fails; null when the step cannot be undone (build, push, migrate).</summary>
    Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken);
}

/// <summary>Results of finished steps, readable by later steps (a deploy reads the digest its push recorded).</summary>
public sealed class ExecutionState
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StepResult> _results = new(StringComparer.Ordinal);

    public StepResult? ResultOf(string stepId) => _results.GetValueOrDefault(stepId);

    /// <summary>The typed output of a finished step, or null when it has not finished or produced no <typeparamref name="T"/>.</summary>
    public T? OutputOf<T>(string stepId) where T : StepOutput => ResultOf(stepId)?.OutputAs<T>();

    internal void Record(string stepId, StepResult result) => _results[stepId] = result;
}

/// <summary>Progress as it happens; the console and GitHub Actions renderers implement it.</summary>
public interface IExecutionLog
{
    void StepStarted(Step step);
    void StepFinished(Step step, StepResult result, TimeSpan duration);
    void Compensating(Step step);
}
