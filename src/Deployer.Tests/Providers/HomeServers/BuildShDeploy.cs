using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// <c>./build.sh DeployHomeServer</c> started as a user or a workflow starts it: a fresh environment holding only PATH,
/// HOME, the SSH key and the GitHub run variables (which name the run as the lock's owner), in a session and process
/// group of its own (<c>setsid</c>, which execs in place, so the process id is the group's), so a test can signal the
/// process alone or the whole group.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BuildShDeploy : IAsyncDisposable
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BuildShDeploy(Process process, string resultFile)
    {
        _process = process;
        ResultFile = resultFile;
    }

    public int Id => _process.Id;
    public string ResultFile { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the run printed so far (standard output and error, interleaved as they arrived).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="root">The checkout the run works in (its local ledger and environment lock live under it).</param>
    public static async Task<BuildShDeploy> StartAsync(string config, string environment, string root, string runId, IReadOnlyDictionary<string, string> variables,
        params string[] extra)
    {
        await BuildScript.EnsureCompiledAsync();
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var resultFile = Path.Combine(root, $"result-{runId}.json");
        // env --default-signal=INT: a process started with SIGINT ignored (a suite run in the background, under nohup)
        // hands that to its children, and .NET leaves an inherited ignored SIGINT alone, so the SIGINT case would wait
        // out its 8-minute deadline; env resets it and, like setsid, execs in place, so the process id stays the run's.
        var start = new ProcessStartInfo(RequiredTool.Program("env", "coreutils"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root,
        };
        foreach (var argument in (string[])["--default-signal=INT", RequiredTool.Program("setsid", "util-linux"), .. BuildScript.CommandLine("build.sh"), "DeployHomeServer", "--skip", "--environment", environment, "--config", config,
                     "--git-sha", "4444444444444444444444444444444444444444", "--root", root, "--result-file", resultFile, .. extra])
            start.ArgumentList.Add(argument);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME");
        start.Environment["GITHUB_SERVER_URL"] = "https://github.com";
        start.Environment["GITHUB_REPOSITORY"] = "acme/authorworks";
        start.Environment["GITHUB_RUN_ID"] = runId;
        foreach (var (name, value) in variables) start.Environment[name] = value;
        var process = Process.Start(start)!;
        var run = new BuildShDeploy(process, resultFile);
        process.OutputDataReceived += (_, e) => run.Append(e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>The owner the run writes into locks: its workflow run's URL.</summary>
    public static string Owner(string runId) => $"https://github.com/acme/authorworks/actions/runs/{runId}";

    /// <summary>
    /// Sends <paramref name="signal"/> to the process started as ./build.sh alone, as the Actions runner signals a
    /// cancelled step's process: it reaches .NET only because build.sh execs it rather than waiting on it.
    /// </summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"could not signal process {_process.Id}: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Sends <paramref name="signal"/> to the run's whole process group (kill -9 of a run and its children).</summary>
    public void SignalGroup(int signal)
    {
        if (Kill(-_process.Id, signal) != 0) throw new InvalidOperationException($"could not signal process group {_process.Id}: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits for the run to end (the deadline only bounds a hang) and returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan deadline)
    {
        using var bound = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"./build.sh DeployHomeServer did not end within {deadline}:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>The outcome the run wrote into its result file.</summary>
    public string? ResultOutcome() => File.Exists(ResultFile) ? JsonNode.Parse(File.ReadAllText(ResultFile))?["outcome"]?.GetValue<string>() : null;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(-_process.Id, SIGKILL);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
