using System.Text;
using Deployer.Planning;

namespace Deployer.Output;

/// <summary>The dry run as people read it: what, where, in which order, and what runs in parallel.</summary>
public static class PlanText
{
    public static string Render(DeployPlan plan, bool dryRun)
    {
        var text = new StringBuilder();
        var what = plan.Mode switch
        {
            PlanMode.Promotion => "promotion",
            PlanMode.Rollback => "rollback",
            _ => "release",
        };
        text.AppendLine($"Plan: {plan.App} → {plan.Environment} ({what} of {Short(plan.GitSha)})");
        if (plan.Source is { } source)
            text.AppendLine($"Ships release {source.Id} of {source.Environment} ({source.Mode.ToString().ToLowerInvariant()} of {Short(source.GitSha)}, {source.Status}, {source.CreatedAt:yyyy-MM-dd HH:mm}Z)");
        if (dryRun) text.AppendLine("Dry run: nothing is changed. Secrets appear as references only.");
        if (plan.Aws is { } aws)
            text.AppendLine($"AWS: account {aws.Account}, region {aws.Region}" + (aws.Role is null ? "" : $", role {aws.Role}"));
        if (plan.Steps.Count == 0)
        {
            text.AppendLine("Nothing to do: the environment has no steps for this selection.");
            return text.ToString();
        }
        var width = plan.Steps.Max(s => s.Id.Length) + 2;
        var number = 0;
        foreach (var stage in plan.Stages)
        {
            number++;
            text.AppendLine();
            text.AppendLine(stage.Count > 1 ? $"Stage {number}: {stage.Count} steps in parallel" : $"Stage {number}");
            foreach (var step in stage)
            {
                text.AppendLine($"  {step.Id.PadRight(width)}{step.Summary}");
                var indent = new string(' ', width + 2);
                if (step.DependsOn.Count > 0) text.AppendLine($"{indent}after: {string.Join(", ", step.DependsOn)}");
                foreach (var (name, value) in step.Details())
                    text.AppendLine($"{indent}{name}: {value}");
            }
        }
        return text.ToString();
    }

    internal static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
