using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Runs;

/// <summary>
/// Progress lines as steps start and finish; in GitHub Actions failures also become error annotations, and text from
/// outside (failure messages, service events, tool output) is made inert so it cannot inject workflow commands.
/// Parallel steps report from several threads: each report is written whole, in one write under one lock, so a step's
/// forensics are never split by another step's lines.
/// </summary>
public sealed class ConsoleExecutionLog(TextWriter log, bool annotate) : IExecutionLog
{
    private readonly Lock _gate = new();

    public void StepStarted(Step step) => Write(Line($"▶ {step.Id}: {step.Summary}"));

    public void StepFinished(Step step, StepResult result, TimeSpan duration) => Write(Finished(step, result, duration));

    public void Compensating(Step step) => Write(Line($"↩ {step.Id}: undoing"));

    /// <summary>A line of a step's progress (handlers report through this).</summary>
    public void Progress(Step step, string message) => Write(Line($"  {step.Id}: {message}"));

    /// <summary>The block a finished step prints: its outcome line, then its forensics and annotation on failure.</summary>
    private string Finished(Step step, StepResult result, TimeSpan duration)
    {
        var block = new System.Text.StringBuilder();
        var failed = ExitCodes.IsFailure(result.Outcome);
        block.Append(Line($"{(failed ? "✗" : "✓")} {step.Id}: {result.Outcome} in {duration.TotalSeconds:0.0}s — {result.Message}")).AppendLine();
        if (result.Forensics is not null && failed)
        {
            block.Append(Line($"  Why {step.Id} did not succeed:")).AppendLine();
            foreach (var line in result.Forensics.Split('\n')) block.Append(Line("    " + line.TrimEnd('\r'))).AppendLine();
        }
        if (annotate && failed)
            block.Append(Output.WorkflowCommands.Error($"{step.Id}: {result.Outcome}: {result.Message}")).AppendLine();
        return block.ToString().TrimEnd('\r', '\n');
    }

    private string Line(string text) => annotate ? Output.WorkflowCommands.Inert(text) : text;

    private void Write(string text)
    {
        lock (_gate) log.WriteLine(text);
    }
}
