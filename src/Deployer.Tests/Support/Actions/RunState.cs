using System.Runtime.InteropServices;

namespace Deployer.Tests.Support.Actions;

/// <summary>Everything one run accumulates; also the expression context.</summary>
internal sealed class RunState(CompositeActionRunner runner, string temp) : IExpressionContext
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

    public object? Lookup(IReadOnlyList<string> path)
    {
        string? At(int index) => index < path.Count ? path[index] : null;
        switch (path[0])
        {
            case "inputs":
                return Inputs.TryGetValue(At(1) ?? "", out var input) ? input : null;
            case "steps":
                var step = Steps.LastOrDefault(s => s.Id == At(1));
                if (step is null) return null;
                return At(2) switch
                {
                    "outputs" => step.Outputs.TryGetValue(At(3) ?? "", out var output) ? output : null,
                    "outcome" or "conclusion" => step.Outcome,
                    _ => throw new NotSupportedException($"steps.{At(1)}.{At(2)}"),
                };
            case "github":
                return At(1) switch
                {
                    "action_path" => runner.ActionDirectory,
                    "workspace" => runner.Workspace,
                    "token" => runner.GitHubToken,
                    "sha" => runner.Environment.GetValueOrDefault("GITHUB_SHA"),
                    "event_name" => runner.Environment.GetValueOrDefault("GITHUB_EVENT_NAME"),
                    "repository" => runner.Environment.GetValueOrDefault("GITHUB_REPOSITORY"),
                    _ => throw new NotSupportedException($"github.{At(1)}"),
                };
            case "env":
                var name = At(1) ?? "";
                return JobEnvironment.TryGetValue(name, out var set) ? set : runner.Environment.GetValueOrDefault(name);
            case "runner":
                return At(1) switch
                {
                    "os" => "Linux",
                    "arch" => RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "ARM64" : "X64",
                    "temp" => RunnerTemp,
                    _ => throw new NotSupportedException($"runner.{At(1)}"),
                };
            default:
                throw new NotSupportedException($"context '{path[0]}' is not available in this harness");
        }
    }
}
