using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Config;
using Deployer.Execution;

namespace Deployer.Runs;

/// <summary>
/// The JSON result file of a run (--result-file): checked for writability before anything changes, and written by every
/// run that gets past that check, including one stopped by bad input, so it never shows an earlier run's outcome.
/// </summary>
public sealed class RunResultFile(string path)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Path { get; } = path;

    /// <summary>Why the file cannot be written, or null. Creates no file and leaves an existing one as it is.</summary>
    public string? Problem()
    {
        switch (PathKinds.Of(Path, out var problem))
        {
            case PathKind.Directory: return "is a directory; pass a file path";
            case PathKind.Special: return "is not a regular file (a pipe, device or socket); pass a file path";
            case PathKind.Unreadable: return $"cannot be used: {problem}";
        }
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (directory is null) return "is not a file path";
        try
        {
            Directory.CreateDirectory(directory);
            var existed = File.Exists(Path);
            using (new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
            if (!existed) File.Delete(Path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return $"cannot be written: {e.Message}";
        }
    }

    public void Write(string json)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        // Readable by its owner only (0600): it holds step messages and outputs.
        Secrets.PrivateFile.WriteAllText(Path, json);
    }

    /// <summary>The result of a run stopped before planning or executing: its exit code, why, and each description error with its place.</summary>
    public static string Stopped(int exitCode, string message, bool dryRun, IReadOnlyList<ConfigError> errors)
    {
        var json = new JsonObject
        {
            ["dryRun"] = dryRun,
            ["outcome"] = exitCode == ExitCodes.InvalidInput ? "InvalidInput" : "Failed",
            ["exitCode"] = exitCode,
            ["message"] = message,
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)new JsonObject
            {
                ["file"] = e.File,
                ["line"] = e.Line,
                ["column"] = e.Column,
                ["path"] = e.Path,
                ["message"] = e.Message,
            }).ToArray()),
        };
        return json.ToJsonString(Indented) + "\n";
    }
}
