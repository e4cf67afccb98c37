using System.Net;
using System.Text;

namespace Deployer.BuildEngine;

/// <summary>
/// Renders <c>--plan</c>: the whole target graph as Mermaid, the targets of this invocation
/// highlighted. The Mermaid text is embedded as-is, so the file is readable without a browser too.
/// </summary>
internal static class PlanHtml
{
    public static string Mermaid(BuildModel model, IReadOnlyList<PlannedTarget> plan)
    {
        var text = new StringBuilder();
        text.AppendLine("graph LR");
        foreach (var target in model.Targets)
            text.AppendLine($"  {target.Name}");
        foreach (var edge in model.Edges)
        {
            var arrow = edge.Kind switch
            {
                EdgeKind.DependsOn => "-->",
                EdgeKind.Triggers => "==>|triggers|",
                _ => "-.->|before|",
            };
            text.AppendLine($"  {edge.From.Name} {arrow} {edge.To.Name}");
        }

        text.AppendLine("  classDef runs fill:#d4edda,stroke:#28a745");
        text.AppendLine("  classDef skipped fill:#eeeeee,stroke:#999999,stroke-dasharray:4");
        var runs = plan.Where(p => !p.IsSkipped).Select(p => p.Target.Name).ToList();
        var skipped = plan.Where(p => p.IsSkipped).Select(p => p.Target.Name).ToList();
        if (runs.Count > 0)
            text.AppendLine($"  class {string.Join(',', runs)} runs");
        if (skipped.Count > 0)
            text.AppendLine($"  class {string.Join(',', skipped)} skipped");
        return text.ToString();
    }

    public static string Render(BuildModel model, IReadOnlyList<PlannedTarget> plan, string buildName)
    {
        var order = string.Join("", plan.Select(p =>
            $"<li>{WebUtility.HtmlEncode(p.Target.Name)}{(p.IsSkipped ? $" <em>(skipped: {WebUtility.HtmlEncode(p.SkipReason)})</em>" : "")}</li>"));
        // Target names are identifiers, so the Mermaid text needs no escaping; '<' and '&' cannot occur in it.
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{WebUtility.HtmlEncode(buildName)}}: build plan</title>
            <style>body { font-family: sans-serif; margin: 2em; } .legend { color: #555; }</style>
            </head>
            <body>
            <h1>{{WebUtility.HtmlEncode(buildName)}}: build plan</h1>
            <p class="legend">Solid arrow: depends on. Thick arrow: triggers. Dotted arrow: ordering only. Green: runs in this invocation.</p>
            <pre class="mermaid">
            {{Mermaid(model, plan)}}</pre>
            <h2>Execution order</h2>
            <ol>{{order}}</ol>
            <script type="module">
              import mermaid from 'https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs';
              mermaid.initialize({ startOnLoad: true });
            </script>
            </body>
            </html>
            """;
    }
}
