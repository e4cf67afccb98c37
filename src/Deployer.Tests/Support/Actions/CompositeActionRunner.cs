using System.Diagnostics;
using System.Runtime.InteropServices;
using YamlDotNet.RepresentationModel;

namespace Deployer.Tests.Support.Actions;

/// <summary>
/// Runs a composite action (actions/&lt;name&gt;/action.yml) the way the GitHub runner does, on this machine:
/// inputs with their defaults, <c>${{ }}</c> in <c>env:</c>, <c>if:</c> and outputs evaluated by GitHub's own evaluator
/// (<see cref="ExpressionEvaluator"/>, one node process per run); each <c>run:</c> step written to a file and started as
/// <c>bash --noprofile --norc -eo pipefail {0}</c> in the workspace with fresh GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
/// GITHUB_ENV and GITHUB_PATH files, whose contents are then applied as the runner applies them; workflow commands
/// (<c>::add-mask::</c>, <c>::error</c>) read from the output as the runner reads them (<see cref="WorkflowCommand"/>); cancellation delivered as the runner delivers it
/// (SIGINT to the step's shell, SIGTERM 7.5 s later, the process tree killed 2.5 s after that).
/// Like the runner, it passes no INPUT_* variables to composite steps: what a script sees comes from its <c>env:</c>.
/// <c>uses:</c> steps run no code here: actions/setup-dotnet is taken as done when dotnet is on PATH, actions/cache as a
/// miss; any other action is refused.
/// </summary>
public sealed class CompositeActionRunner(string actionDirectory) : IDisposable
{
    private readonly List<string> _temporary = [];

    public string ActionDirectory { get; } = Path.GetFullPath(actionDirectory);

    /// <summary>$GITHUB_WORKSPACE: the caller's checkout.</summary>
    public string Workspace { get; set; } = Repository.Root;

    /// <summary>The job's environment (what the caller's workflow sets, plus PATH and HOME); GITHUB_* runner variables are added.</summary>
    public Dictionary<string, string> Environment { get; } = new()
    {
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        ["HOME"] = System.Environment.GetEnvironmentVariable("HOME") ?? "/root",
    };

    /// <summary>github.token; empty by default, so nothing reaches GitHub from a test.</summary>
    public string GitHubToken { get; set; } = "";

    public TimeSpan InterruptGrace { get; set; } = TimeSpan.FromMilliseconds(7500);
    public TimeSpan TerminateGrace { get; set; } = TimeSpan.FromMilliseconds(2500);

    /// <summary>Called with every line as it is written (e.g. ITestOutputHelper.WriteLine).</summary>
    public Action<string>? Log { get; set; }

    public YamlMappingNode Definition => ActionFile.Load(Path.Combine(ActionDirectory, "action.yml"));

    public async Task<ActionRun> RunAsync(IReadOnlyDictionary<string, string> with, CancellationToken cancellation = default)
    {
        await BuildScript.EnsureCompiledAsync();
        var action = Definition;
        var inputs = action.Map("inputs");
        var unknown = with.Keys.Where(k => inputs?.Children.ContainsKey(k) != true).ToArray();
        if (unknown.Length > 0) throw new ArgumentException($"the action has no input(s) {string.Join(", ", unknown)}");

        // Kept until Dispose, so a test can read files a run left in RUNNER_TEMP (the result-file output).
        var temp = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "deployer-runner-" + Guid.NewGuid().ToString("N"))).FullName;
        _temporary.Add(temp);
        var state = new RunState(this, temp);
        using var expressions = new ExpressionEvaluator();
        {
            var defaults = inputs.Entries().Where(i => !with.ContainsKey(i.Key)).ToArray();
            var values = await expressions.InterpolateAsync(defaults.Select(i => ((YamlMappingNode)i.Value).Scalar("default") ?? "").ToArray(), state.Scope());
            foreach (var (name, _) in inputs.Entries())
                state.Inputs[name] = with.TryGetValue(name, out var given) ? given : values[Array.FindIndex(defaults, d => d.Key == name)];

            var steps = action.Map("runs")!.Sequence("steps")!;
            foreach (var node in steps.Children.Cast<YamlMappingNode>())
                state.Steps.Add(await RunStepAsync(node, state, expressions, cancellation));

            var declared = action.Map("outputs").Entries().ToArray();
            var outputValues = await expressions.InterpolateAsync(declared.Select(o => ((YamlMappingNode)o.Value).Scalar("value") ?? "").ToArray(), state.Scope());
            var outputs = declared.Select((o, i) => (o.Key, outputValues[i])).ToDictionary(o => o.Key, o => o.Item2);
            var failed = state.Steps.FirstOrDefault(s => s.Outcome is "failure" or "cancelled");
            return new ActionRun(failed?.ExitCode ?? 0, outputs, state.Summary.ToString(), state.RawLog.ToArray(), state.Masks.ToArray(), state.Steps.ToArray());
        }
    }

    public void Dispose()
    {
        foreach (var directory in _temporary.Where(Directory.Exists)) Directory.Delete(directory, recursive: true);
    }

    private async Task<StepRun> RunStepAsync(YamlMappingNode step, RunState state, ExpressionEvaluator expressions, CancellationToken cancellation)
    {
        var id = step.Scalar("id");
        var name = step.Scalar("name") ?? id ?? step.Scalar("uses") ?? "run";
        if (!await expressions.ConditionAsync(step.Scalar("if") ?? "success()", state.Scope()))
            return new StepRun(id, name, "skipped", 0, new Dictionary<string, string>());

        if (step.Scalar("uses") is { } uses) return UsesStep(id, name, uses);

        var script = step.Scalar("run") ?? throw new InvalidOperationException($"step '{name}' has neither run nor uses");
        if (script.Contains("${{", StringComparison.Ordinal))
            throw new InvalidOperationException($"step '{name}' has ${{{{ }}}} inside run:; pass values through env:");
        if (step.Scalar("shell") != "bash")
            throw new NotSupportedException($"step '{name}': shell '{step.Scalar("shell")}' (this harness runs bash steps)");

        var files = StepFiles.Create(state.Temp);
        var environment = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in state.JobEnvironment) environment[key] = value;
        environment["GITHUB_ACTIONS"] = "true";
        environment["CI"] = "true";
        environment["GITHUB_WORKSPACE"] = Workspace;
        environment["GITHUB_ACTION_PATH"] = ActionDirectory;
        environment["GITHUB_ACTION"] = id ?? "__run";
        environment["RUNNER_OS"] = "Linux";
        environment["RUNNER_TEMP"] = state.RunnerTemp;
        environment["GITHUB_OUTPUT"] = files.Output;
        environment["GITHUB_STEP_SUMMARY"] = files.Summary;
        environment["GITHUB_ENV"] = files.Env;
        environment["GITHUB_PATH"] = files.Path;
        if (state.PathPrefix.Count > 0) environment["PATH"] = string.Join(':', state.PathPrefix.AsEnumerable().Reverse()) + ":" + environment["PATH"];
        var variables = step.Map("env").Entries().ToArray();
        var values = await expressions.InterpolateAsync(variables.Select(v => ((YamlScalarNode)v.Value).Value ?? "").ToArray(), state.Scope());
        for (var i = 0; i < variables.Length; i++) environment[variables[i].Key] = values[i];

        var scriptFile = Path.Combine(state.Temp, Guid.NewGuid().ToString("N") + ".sh");
        await File.WriteAllTextAsync(scriptFile, script, CancellationToken.None);
        var workingDirectory = step.Scalar("working-directory") is { } relative ? Path.GetFullPath(relative, Workspace) : Workspace;
        var exitCode = await RunBashAsync(scriptFile, workingDirectory, environment, state, cancellation);

        var outputs = OutputFile.Parse(files.Output);
        foreach (var (key, value) in OutputFile.Parse(files.Env)) state.JobEnvironment[key] = value;
        foreach (var line in File.ReadAllLines(files.Path).Where(l => l.Trim().Length > 0)) state.PathPrefix.Add(line.Trim());
        state.Summary.Append(File.ReadAllText(files.Summary));
        var outcome = cancellation.IsCancellationRequested ? "cancelled" : exitCode == 0 ? "success" : "failure";
        if (outcome == "cancelled") state.Cancelled = true;
        return new StepRun(id, name, outcome, exitCode, outputs);
    }

    private static StepRun UsesStep(string? id, string name, string uses)
    {
        var action = uses.Split('@')[0];
        var outputs = new Dictionary<string, string>();
        switch (action)
        {
            case "actions/setup-dotnet":
                var dotnet = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists);
                if (dotnet is null) throw new NotSupportedException("actions/setup-dotnet would install .NET here, which this harness does not do: put dotnet on PATH");
                return new StepRun(id, name, "success", 0, outputs, $"taken as done: {dotnet} is on PATH");
            case "actions/cache":
                outputs["cache-hit"] = "false";
                return new StepRun(id, name, "success", 0, outputs, "taken as a cache miss");
            default:
                throw new NotSupportedException($"step '{name}' uses {uses}, which this harness does not emulate");
        }
    }

    private async Task<int> RunBashAsync(string scriptFile, string workingDirectory, Dictionary<string, string> environment, RunState state, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--noprofile", "--norc", "-eo", "pipefail", scriptFile }) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = new Process { StartInfo = start };
        var closed = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, closed[0]);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, closed[1]);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        await using (cancellation.Register(() => _ = CancelAsync(process)))
            await process.WaitForExitAsync(CancellationToken.None);
        await Task.WhenAll(closed.Select(c => c.Task));
        return process.ExitCode;

        void OnLine(string? line, TaskCompletionSource done)
        {
            if (line is null) { done.TrySetResult(); return; }
            lock (state.RawLog)
            {
                state.RawLog.Add(line);
                if (WorkflowCommand.Parse(line) is { Name: "add-mask" } mask) state.Masks.Add(mask.Data);
            }
            Log?.Invoke(line);
        }
    }

    // The runner's cancellation: SIGINT to the step's process only, then SIGTERM, then the whole tree is killed.
    private async Task CancelAsync(Process process)
    {
        try
        {
            Signal(process.Id, SIGINT);
            if (await ExitedWithin(process, InterruptGrace)) return;
            Signal(process.Id, SIGTERM);
            if (await ExitedWithin(process, TerminateGrace)) return;
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    private static async Task<bool> ExitedWithin(Process process, TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    private static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private sealed record StepFiles(string Output, string Summary, string Env, string Path)
    {
        public static StepFiles Create(string directory)
        {
            string Touch(string kind)
            {
                var file = System.IO.Path.Combine(directory, $"{kind}_{Guid.NewGuid():N}");
                File.WriteAllText(file, "");
                return file;
            }
            return new StepFiles(Touch("set_output"), Touch("step_summary"), Touch("set_env"), Touch("add_path"));
        }
    }
}
