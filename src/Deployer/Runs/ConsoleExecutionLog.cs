using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Runs;

/// <summary>
/// Progress lines as steps start and finish; in GitHub Actions failures also become error annotations, and text from
/// outside (failure messages, service events, tool output) is made inert so it cannot inject workflow commands.
/// </summary>
public sealed class ConsoleExecutionLog(TextWriter log, bool annotate) : IExecutionLog
{
    public void StepStarted(Step step) => Line($"▶ {step.Id}: {step.Summary}");

    public void StepFinished(Step step, StepResult result, TimeSpan duration)
    {
        Line($"{(ExitCodes.IsFailure(result.Outcome) ? "✗" : "✓")} {step.Id}: {result.Outcome} in {duration.TotalSeconds:0.0}s — {result.Message}");
        if (result.Forensics is not null && ExitCodes.IsFailure(result.Outcome))
        {
            Line($"  Why {step.Id} did not succeed:");
            foreach (var line in result.Forensics.Split('\n')) Line("    " + line.TrimEnd('\r'));
        }
        if (annotate && ExitCodes.IsFailure(result.Outcome))
            log.WriteLine(Output.WorkflowCommands.Error($"{step.Id}: {result.Outcome}: {result.Message}"));
    }

    public void Compensating(Step step) => Line($"↩ {step.Id}: undoing");

    /// <summary>A line of a step's progress (handlers report through this).</summary>
    public void Progress(Step step, string message) => Line($"  {step.Id}: {message}");

    private void Line(string text) => log.WriteLine(annotate ? Output.WorkflowCommands.Inert(text) : text);
}
