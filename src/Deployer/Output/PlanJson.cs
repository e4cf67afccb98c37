using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Output;

/// <summary>
/// Machine-readable plans and results (<c>--output json</c> and the result file). Given the run's secrets, every string
/// is scrubbed before serialising (the encoder escapes <c>+ &amp; &lt; &gt; ' "</c> and newlines, which a scrub of the
/// serialised text alone could miss) and the text is scrubbed once more.
/// </summary>
public static class PlanJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Render(DeployPlan plan, bool dryRun, SecretValues? secrets = null) => Serialize(Plan(plan, dryRun), secrets);

    /// <summary>A dry-run plan with the comparison against live state, per step id.</summary>
    public static string Render(DeployPlan plan, bool dryRun, IReadOnlyDictionary<string, IReadOnlyList<string>> previews, IReadOnlyList<string> notes,
        SecretValues? secrets = null)
    {
        var json = Plan(plan, dryRun);
        json["live"] = new JsonObject
        {
            ["notes"] = new JsonArray(notes.Select(n => (JsonNode?)n).ToArray()),
            ["diff"] = new JsonObject(previews.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray(p.Value.Select(l => (JsonNode?)l).ToArray())))),
        };
        return Serialize(json, secrets);
    }

    public static string Render(ReleaseResult result, bool dryRun, SecretValues? secrets = null) => Serialize(Result(result, dryRun), secrets);

    private static string Serialize(JsonObject json, SecretValues? secrets) =>
        secrets is null ? json.ToJsonString(Indented) + "\n" : secrets.Scrub(secrets.Redact(json)!.ToJsonString(Indented) + "\n");

    internal static JsonObject Plan(DeployPlan plan, bool dryRun) => new()
    {
        ["app"] = plan.App,
        ["environment"] = plan.Environment,
        ["gitSha"] = plan.GitSha,
        ["mode"] = Camel(plan.Mode.ToString()),
        ["dryRun"] = dryRun,
        ["source"] = plan.Source is { } source
            ? new JsonObject { ["release"] = source.Id, ["environment"] = source.Environment, ["gitSha"] = source.GitSha }
            : null,
        ["aws"] = plan.Aws is { } aws ? new JsonObject { ["account"] = aws.Account, ["region"] = aws.Region, ["role"] = aws.Role } : null,
        ["stages"] = new JsonArray(plan.Stages.Select(stage => (JsonNode?)new JsonArray(stage.Select(s => (JsonNode?)s.Id).ToArray())).ToArray()),
        ["steps"] = new JsonArray(plan.Steps.Select(s => (JsonNode?)Step(s)).ToArray()),
    };

    internal static JsonObject Result(ReleaseResult result, bool dryRun)
    {
        var json = Plan(result.Plan, dryRun);
        json.Remove("steps");
        json["outcome"] = result.Outcome.ToString();
        json["exitCode"] = result.ExitCode;
        json["message"] = result.Message;
        json["startedAt"] = result.StartedAt.ToString("O");
        json["finishedAt"] = result.FinishedAt.ToString("O");
        json["steps"] = new JsonArray(result.Steps.Select(r =>
        {
            var step = Step(r.Step);
            step["outcome"] = r.Result.Outcome.ToString();
            step["message"] = r.Result.Message;
            step["durationSeconds"] = Math.Round(r.Duration.TotalSeconds, 3);
            step["outputs"] = new JsonObject(r.Result.Outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value)));
            if (r.Result.Forensics is not null) step["forensics"] = r.Result.Forensics;
            if (r.Compensation is { } c) step["compensation"] = new JsonObject { ["outcome"] = c.Outcome.ToString(), ["message"] = c.Message };
            return (JsonNode?)step;
        }).ToArray());
        return json;
    }

    private static JsonObject Step(Step step)
    {
        var details = new JsonObject();
        foreach (var (name, value) in step.Details())
            details[details.ContainsKey(name) ? $"{name} ({details.Count})" : name] = value;
        return new JsonObject
        {
            ["id"] = step.Id,
            ["kind"] = step.Kind,
            ["provider"] = step.Provider,
            ["dependsOn"] = new JsonArray(step.DependsOn.Select(d => (JsonNode?)d).ToArray()),
            ["summary"] = step.Summary,
            ["details"] = details,
            ["request"] = step is IStepRequest concrete ? concrete.RequestFields() : null,
        };
    }

    private static string Camel(string name) => Text.Naming.CamelCase(name);
}
