using System.Diagnostics;

namespace Deployer.Artifacts;

/// <summary>
/// Runs a build command as argv (no shell) in a folder with only the injected environment, streaming its output line by
/// line: SAM stacks' builds and static sites' builds (<c>/bin/sh -c</c>).
/// </summary>
public static class BuildProcess
{
    /// <summary>Exit code and the last lines of output (for the failure message).</summary>
    public static async Task<(int ExitCode, string Tail)> RunAsync(IReadOnlyList<string> argv, string directory,
        IReadOnlyDictionary<string, string> environment, Action<string> log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in argv.Skip(1)) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var tail = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 20) tail.Dequeue();
            }
            log(line);
        }
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, $"{argv[0]} could not be started: {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        lock (tail) return (process.ExitCode, string.Join('\n', tail));
    }
}
