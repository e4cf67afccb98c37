using System.Text;

namespace Deployer.BuildEngine;

/// <summary>How one target of the run ended.</summary>
internal sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Note = null);

/// <summary>Renders the end-of-run table: Target, Status, Duration, a Total row, then the result line.</summary>
internal static class BuildSummary
{
    public static string Render(IReadOnlyList<TargetResult> results, bool succeeded, DateTimeOffset finishedAt)
    {
        var nameWidth = Math.Max("Target".Length, results.Select(r => r.Name.Length).DefaultIfEmpty(0).Max()) + 4;
        const int statusWidth = 12;
        const int durationWidth = 8;
        var width = nameWidth + statusWidth + durationWidth;
        var heavy = new string('═', width);
        var light = new string('─', width);

        var text = new StringBuilder();
        text.AppendLine(heavy);
        text.AppendLine($"{"Target".PadRight(nameWidth)}{"Status".PadRight(statusWidth)}{"Duration",durationWidth}");
        text.AppendLine(light);
        foreach (var result in results)
        {
            var ran = result.Status is TargetStatus.Succeeded or TargetStatus.Failed or TargetStatus.Aborted;
            var line = $"{result.Name.PadRight(nameWidth)}{result.Status.ToString().PadRight(statusWidth)}{(ran ? Format(result.Duration) : ""),durationWidth}";
            text.AppendLine(result.Note is null ? line : $"{line}   // {result.Note}");
        }

        text.AppendLine(light);
        var total = results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration);
        text.AppendLine($"{"Total".PadRight(nameWidth + statusWidth)}{Format(total),durationWidth}");
        text.AppendLine(heavy);
        text.AppendLine();
        text.Append($"Build {(succeeded ? "succeeded" : "failed")} on {finishedAt:yyyy-MM-dd HH:mm:ss}.");
        return text.ToString();
    }

    /// <summary>mm:ss; minutes keep counting past an hour so long deploys stay readable.</summary>
    public static string Format(TimeSpan duration) =>
        $"{(int)duration.TotalMinutes:00}:{duration.Seconds:00}";
}
