using System.Diagnostics;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Deployer.Tests.Support.Actions;

/// <summary>The event a workflow run answers: its name, ref and the caller's <c>with:</c> (e.g. the dispatch input).</summary>
public sealed record WorkflowEvent(string Name, string Ref, IReadOnlyDictionary<string, string>? With = null)
{
    public static WorkflowEvent PullRequest => new("pull_request", "refs/pull/7/merge");
    public static WorkflowEvent Push(string branch) => new("push", $"refs/heads/{branch}");
    public static WorkflowEvent Dispatch(string action) => new("workflow_dispatch", "refs/heads/main", new Dictionary<string, string> { ["dispatch"] = action });
}

/// <summary>One job of release.yml as a seed pipeline's job called it: its inputs, result, outputs and the actions it ran.</summary>
public sealed record WorkflowJob(string Caller, string Job, string Result, JsonObject Inputs, IReadOnlyDictionary<string, string> Outputs, IReadOnlyList<ActionRun> Actions)
{
    /// <summary>"staging/release staging deploy": which caller job, which release.yml job, on what.</summary>
    public override string ToString() => $"{Caller}/{Job} {Inputs["environment"]} {Inputs["mode"]}";
}

/// <summary>
/// Runs a seed pipeline (a caller of .github/workflows/release.yml) job by job, the way GitHub would for one event:
/// the caller's <c>if:</c> and <c>with:</c>, then release.yml's jobs in <c>needs:</c> order with their <c>if:</c>,
/// steps and outputs, all evaluated by GitHub's own evaluator (<see cref="ExpressionEvaluator"/>). Checkouts are taken as
/// done (<see cref="AppDirectory"/> is the app's checkout, this repository is Deployer's); <c>run:</c> steps run in bash;
/// <c>./deployer/actions/*</c> steps run through <see cref="CompositeActionRunner"/>. With <c>execute: false</c> only the
/// selection is evaluated (jobs that would run are reported with result "selected").
/// </summary>
public sealed class WorkflowRunner(string workflow, string appDirectory) : IDisposable
{
    private readonly List<CompositeActionRunner> _runners = [];
    private readonly string _workspace = Directory.CreateTempSubdirectory("deployer-workflow-").FullName;

    public string AppDirectory { get; } = appDirectory;
    public Dictionary<string, string> Environment { get; } = [];
    public string GitHubToken { get; set; } = "";

    /// <summary>The app repository's secrets; a caller job with <c>secrets: inherit</c> hands them all to release.yml.</summary>
    public Dictionary<string, string> Secrets { get; } = [];
    public Action<string>? Log { get; set; }

    /// <summary>What each <c>run:</c> step of the jobs printed (standard output, then standard error), in order.</summary>
    public List<string> BashLogs { get; } = [];

    private static string WorkflowPath(string name) => Repository.PathOf(".github", "workflows", name);

    public async Task<IReadOnlyList<WorkflowJob>> RunAsync(WorkflowEvent e, bool execute = true)
    {
        if (!Directory.Exists(Path.Combine(_workspace, "app"))) Directory.CreateSymbolicLink(Path.Combine(_workspace, "app"), AppDirectory);
        var caller = ActionFile.Load(WorkflowPath(workflow));
        var release = ActionFile.Load(WorkflowPath("release.yml"));
        using var expressions = new ExpressionEvaluator();
        var github = new JsonObject
        {
            ["event_name"] = e.Name, ["ref"] = e.Ref, ["ref_name"] = e.Ref.Split('/').Last(), ["repository"] = "acme/shop",
            ["token"] = GitHubToken, ["sha"] = new string('5', 40),
        };
        var callerInputs = Inputs(caller.Map("on")!.Map("workflow_call")!.Map("inputs"), e.With ?? new Dictionary<string, string>());
        var jobs = new List<WorkflowJob>();
        foreach (var (name, node) in caller.Map("jobs").Entries())
        {
            var job = (YamlMappingNode)node;
            var scope = new ExpressionScope(new JsonObject { ["github"] = github.DeepClone(), ["inputs"] = callerInputs.DeepClone() });
            if (!await expressions.ConditionAsync(job.Scalar("if") ?? "success()", scope)) continue;
            var with = new Dictionary<string, string>();
            foreach (var (key, value) in job.Map("with").Entries())
                with[key] = await expressions.InterpolateAsync(((YamlScalarNode)value).Value ?? "", scope);
            var secrets = new JsonObject { ["github_token"] = GitHubToken }; // GitHub adds the job's token to every secrets context
            if (job.Scalar("secrets") == "inherit")
                foreach (var (key, value) in Secrets) secrets[key] = value;
            foreach (var (key, value) in job.Map("secrets").Entries())
                secrets[key] = await expressions.InterpolateAsync(((YamlScalarNode)value).Value ?? "", scope);
            jobs.AddRange(await ReleaseAsync(name, release, Inputs(release.Map("on")!.Map("workflow_call")!.Map("inputs"), with), secrets, github, expressions, execute));
        }
        return jobs;
    }

    /// <summary>Declared inputs with their defaults, typed as declared (a boolean input is a boolean in expressions).</summary>
    private static JsonObject Inputs(YamlMappingNode? declared, IReadOnlyDictionary<string, string> given)
    {
        var inputs = new JsonObject();
        foreach (var (name, node) in declared.Entries())
        {
            var definition = (YamlMappingNode)node;
            var value = given.TryGetValue(name, out var v) ? v : definition.Scalar("default") ?? "";
            inputs[name] = definition.Scalar("type") == "boolean" ? JsonValue.Create(value == "true") : JsonValue.Create(value);
        }
        return inputs;
    }

    private async Task<IReadOnlyList<WorkflowJob>> ReleaseAsync(string caller, YamlMappingNode release, JsonObject inputs, JsonObject secrets, JsonObject github, ExpressionEvaluator expressions, bool execute)
    {
        var needs = new JsonObject();
        var jobs = new List<WorkflowJob>();
        foreach (var (name, node) in release.Map("jobs").Entries())
        {
            var job = (YamlMappingNode)node;
            var needed = job.Scalar("needs") is { } one ? [one] : job.Sequence("needs")?.Children.Select(c => ((YamlScalarNode)c).Value!).ToArray() ?? [];
            var failed = needed.Any(n => needs[n]?["result"]?.GetValue<string>() == "failure");
            var scope = new ExpressionScope(new JsonObject { ["github"] = github.DeepClone(), ["inputs"] = inputs.DeepClone(), ["needs"] = needs.DeepClone() }, failed);
            var selected = await expressions.ConditionAsync(job.Scalar("if") ?? "success()", scope)
                           && (job.Scalar("if")?.Contains("failure()") == true || needed.All(n => needs[n]?["result"]?.GetValue<string>() == "success"));
            if (!selected)
            {
                needs[name] = new JsonObject { ["result"] = "skipped", ["outputs"] = new JsonObject() };
                continue;
            }
            var run = execute ? await JobAsync(caller, name, job, inputs, secrets, github, needs, expressions) : new WorkflowJob(caller, name, "selected", inputs, new Dictionary<string, string>(), []);
            needs[name] = new JsonObject { ["result"] = execute ? run.Result : "success", ["outputs"] = new JsonObject(run.Outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))) };
            jobs.Add(run);
        }
        return jobs;
    }

    private async Task<WorkflowJob> JobAsync(string caller, string name, YamlMappingNode job, JsonObject inputs, JsonObject secrets, JsonObject github, JsonObject needs, ExpressionEvaluator expressions)
    {
        var steps = new JsonObject();
        var actions = new List<ActionRun>();
        var failed = false;
        var path = new List<string>(); // what the job's steps appended to $GITHUB_PATH: later steps find it first on PATH
        JsonObject Contexts() => new()
        {
            ["github"] = github.DeepClone(), ["inputs"] = inputs.DeepClone(), ["needs"] = needs.DeepClone(), ["steps"] = steps.DeepClone(),
            ["secrets"] = secrets.DeepClone(), ["env"] = new JsonObject(),
        };
        foreach (var step in job.Sequence("steps")!.Children.OfType<YamlMappingNode>())
        {
            var scope = new ExpressionScope(Contexts(), failed);
            if (!await expressions.ConditionAsync(step.Scalar("if") ?? "success()", scope)) continue;
            var uses = step.Scalar("uses");
            if (uses?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true) continue; // the workspace holds both checkouts
            var outcome = "success";
            var outputs = new JsonObject();
            if (uses?.StartsWith("./deployer/actions/", StringComparison.Ordinal) == true)
            {
                var with = new Dictionary<string, string>();
                foreach (var (key, value) in step.Map("with").Entries())
                    with[key] = await expressions.InterpolateAsync(((YamlScalarNode)value).Value ?? "", scope);
                var runner = new CompositeActionRunner(Repository.PathOf("actions", uses["./deployer/actions/".Length..])) { Workspace = _workspace, GitHubToken = GitHubToken, Log = Log };
                foreach (var (key, value) in Environment) runner.Environment[key] = value;
                runner.Environment["PATH"] = JobPath(path);
                // The runner's own variables of the event: a pull_request run's GITHUB_REF is what makes Deployer preview.
                runner.Environment["GITHUB_EVENT_NAME"] = github["event_name"]!.GetValue<string>();
                runner.Environment["GITHUB_REF"] = github["ref"]!.GetValue<string>();
                _runners.Add(runner);
                var action = await runner.RunAsync(with);
                actions.Add(action);
                foreach (var (key, value) in action.Outputs) outputs[key] = value;
                if (!action.Succeeded) outcome = "failure";
            }
            else if (step.Scalar("run") is { } script)
            {
                outcome = await BashAsync(script, step, scope, expressions, path) == 0 ? "success" : "failure";
            }
            else throw new InvalidOperationException($"{name}: step {uses} is not one this harness runs");
            if (step.Scalar("id") is { } id) steps[id] = new JsonObject { ["outputs"] = outputs, ["outcome"] = outcome, ["conclusion"] = outcome };
            failed |= outcome == "failure";
        }
        var jobOutputs = new Dictionary<string, string>();
        foreach (var (key, value) in job.Map("outputs").Entries())
            jobOutputs[key] = await expressions.InterpolateAsync(((YamlScalarNode)value).Value ?? "", new ExpressionScope(Contexts()));
        return new WorkflowJob(caller, name, failed ? "failure" : "success", inputs, jobOutputs, actions);
    }

    /// <summary>
    /// PATH as a job's step sees it: the directories earlier steps wrote to $GITHUB_PATH, the newest first, before the
    /// runner's own PATH (<see cref="Environment"/>'s, else this process's), as the GitHub runner prepends them.
    /// </summary>
    private string JobPath(IReadOnlyList<string> added) =>
        string.Join(':', added.Reverse().Append(Environment.GetValueOrDefault("PATH") ?? System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"));

    private async Task<int> BashAsync(string script, YamlMappingNode step, ExpressionScope scope, ExpressionEvaluator expressions, List<string> path)
    {
        var githubPath = Path.Combine(_workspace, $"github-path-{Guid.NewGuid():N}");
        File.WriteAllText(githubPath, "");
        var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        {
            WorkingDirectory = Path.Combine(_workspace, step.Scalar("working-directory") ?? "."),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = JobPath(path);
        start.Environment["GITHUB_PATH"] = githubPath;
        foreach (var (key, value) in step.Map("env").Entries())
            start.Environment[key] = await expressions.InterpolateAsync(((YamlScalarNode)value).Value ?? "", scope);
        using var process = Process.Start(start)!;
        // Both pipes at once: a set-up that fills one (pip's output) while the other is not read would block.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        Log?.Invoke(output);
        if (process.ExitCode == 0) path.AddRange(File.ReadAllLines(githubPath).Select(l => l.Trim()).Where(l => l.Length > 0));
        File.Delete(githubPath);
        BashLogs.Add(output);
        return process.ExitCode;
    }

    public void Dispose()
    {
        foreach (var runner in _runners) runner.Dispose();
        Directory.Delete(_workspace, recursive: true);
    }
}
