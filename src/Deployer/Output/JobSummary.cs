using System.Text;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Output;

/// <summary>The Markdown written to $GITHUB_STEP_SUMMARY: one table, the outcome first.</summary>
public static class JobSummary
{
    public static string ForPlan(DeployPlan plan)
    {
        var text = new StringBuilder();
        text.AppendLine($"### Deployer plan: {plan.App} → {plan.Environment} (dry run, `{PlanText.Short(plan.GitSha)}`)");
        text.AppendLine();
        text.AppendLine("| Stage | Step | What |");
        text.AppendLine("|---|---|---|");
        var number = 0;
        foreach (var stage in plan.Stages)
        {
            number++;
            foreach (var step in stage) text.AppendLine($"| {number} | `{step.Id}` | {Cell(step.Summary)} |");
        }
        return text.ToString();
    }

    public static string ForResult(ReleaseResult result)
    {
        var text = new StringBuilder();
        text.AppendLine($"### {Icon(result.Outcome)} Deployer: {result.Plan.App} → {result.Plan.Environment}: {result.Outcome}");
        text.AppendLine();
        text.AppendLine(Cell(result.Message));
        text.AppendLine();
        text.AppendLine("| Step | Outcome | Duration | Details |");
        text.AppendLine("|---|---|---|---|");
        foreach (var record in result.Steps)
        {
            var details = record.Result.Message + (record.Compensation is { } c ? $" — undone: {c.Outcome} ({c.Message})" : "");
            text.AppendLine($"| `{record.Step.Id}` | {Icon(record.Result.Outcome)} {record.Result.Outcome} | {record.Duration.TotalSeconds:0.0}s | {Cell(details)} |");
        }
        foreach (var record in result.Steps.Where(r => r.Result.Forensics is not null && ExitCodes.IsFailure(r.Result.Outcome)))
        {
            text.AppendLine();
            text.AppendLine($"<details><summary>Why <code>{record.Step.Id}</code> did not succeed</summary>");
            text.AppendLine();
            text.AppendLine("```");
            text.AppendLine(record.Result.Forensics);
            text.AppendLine("```");
            text.AppendLine("</details>");
        }
        return text.ToString();
    }

    private static string Icon(Outcome outcome) => outcome switch
    {
        Outcome.Succeeded => "✅",
        Outcome.Unchanged => "⚪",
        Outcome.Paused => "⏸️",
        Outcome.NotRun => "➖",
        Outcome.RolledBack => "↩️",
        _ => "❌",
    };

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
