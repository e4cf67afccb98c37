using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Deployer.Tests.Support.Actions;

/// <summary>Everything one run accumulates; also the expression contexts.</summary>
internal sealed class RunState(CompositeActionRunner runner, string temp)
{
    public string Temp { get; } = temp;
    public string RunnerTemp { get; } = Directory.CreateDirectory(Path.Combine(temp, "runner-temp")).FullName;
    public Dictionary<string, string> Inputs { get; } = [];
    public List<StepRun> Steps { get; } = [];
    public Dictionary<string, string> JobEnvironment { get; } = [];
    public List<string> PathPrefix { get; } = [];
    public List<string> RawLog { get; } = [];
    public List<string> Masks { get; } = [];
    public System.Text.StringBuilder Summary { get; } = new();

    public bool AnyStepFailed => Steps.Any(s => s.Outcome == "failure");
    public bool Cancelled { get; set; }

    /// <summary>The contexts expressions read, as they stand now: inputs, the steps run so far, github, env and runner.</summary>
    public ExpressionScope Scope()
    {
        var steps = new JsonObject();
        foreach (var step in Steps.Where(s => s.Id is not null))
        {
            steps[step.Id!] = new JsonObject
            {
                ["outputs"] = Strings(step.Outputs),
                ["outcome"] = step.Outcome,
                ["conclusion"] = step.Outcome,
            };
        }
        // github.*: the job's GITHUB_* variables (GITHUB_SHA → github.sha), as the runner fills both from one place.
        var github = Strings(runner.Environment.Where(e => e.Key.StartsWith("GITHUB_", StringComparison.Ordinal))
            .ToDictionary(e => e.Key["GITHUB_".Length..].ToLowerInvariant(), e => e.Value));
        github["action_path"] = runner.ActionDirectory;
        github["workspace"] = runner.Workspace;
        github["token"] = runner.GitHubToken;
        var environment = new Dictionary<string, string>(runner.Environment);
        foreach (var (key, value) in JobEnvironment) environment[key] = value;
        var contexts = new JsonObject
        {
            ["inputs"] = Strings(Inputs),
            ["steps"] = steps,
            ["github"] = github,
            ["env"] = Strings(environment),
            ["runner"] = new JsonObject
            {
                ["os"] = "Linux",
                ["arch"] = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "ARM64" : "X64",
                ["temp"] = RunnerTemp,
            },
        };
        return new ExpressionScope(contexts, AnyStepFailed, Cancelled);
    }

    private static JsonObject Strings(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value))));
}
