using System.Text;
using Deployer.Planning;
using Deployer.Providers;

namespace Deployer.Runs;

/// <summary>The dry run's comparison with what is live, step by step, from read-only previewers.</summary>
public static class LivePreview
{
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadAsync(DeployPlan plan, ProviderSet providers, CancellationToken cancellationToken)
    {
        var previews = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var reads = plan.Steps
            .Select(step => (step, previewer: providers.Previewers.FirstOrDefault(p => p.Previews(step))))
            .Where(x => x.previewer is not null)
            .Select(async x => (x.step.Id, lines: await PreviewAsync(x.previewer!, x.step, cancellationToken)));
        foreach (var (id, lines) in await Task.WhenAll(reads)) previews[id] = lines;
        return previews;
    }

    /// <summary>A preview that fails says so in its place: a dry run never fails because live state could not be read.</summary>
    private static async Task<IReadOnlyList<string>> PreviewAsync(Execution.IStepPreviewer previewer, Step step, CancellationToken cancellationToken)
    {
        try
        {
            return await previewer.PreviewAsync(step, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [$"(live state not compared: {e.Message})"];
        }
    }

    public static string Render(IReadOnlyDictionary<string, IReadOnlyList<string>> previews, IReadOnlyList<string> notes)
    {
        if (previews.Count == 0 && notes.Count == 0) return "";
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("Against what is live:");
        foreach (var note in notes) text.AppendLine($"  ({note})");
        foreach (var (id, lines) in previews)
        {
            text.AppendLine($"  {id}");
            foreach (var line in lines) text.AppendLine($"    {line}");
        }
        return text.ToString();
    }
}
