using Deployer.Secrets;

namespace Deployer.Output;

/// <summary>
/// The GitHub Actions runtime files and workflow commands, read from the injected environment: nothing happens when
/// the run is not inside Actions. Everything written is scrubbed of known secrets first.
/// </summary>
public sealed class GitHubActions(IReadOnlyDictionary<string, string> environment, SecretValues secrets)
{
    public bool IsActive => environment.TryGetValue("GITHUB_ACTIONS", out var value) && value == "true";

    /// <summary>Appends <c>name=value</c> (or a heredoc for multi-line values) to $GITHUB_OUTPUT.</summary>
    public void SetOutput(string name, string value)
    {
        if (!environment.TryGetValue("GITHUB_OUTPUT", out var file) || file.Length == 0) return;
        var scrubbed = secrets.Scrub(value);
        var delimiter = $"DEPLOYER_EOF_{Guid.NewGuid():N}";
        var line = scrubbed.Contains('\n') ? $"{name}<<{delimiter}\n{scrubbed}\n{delimiter}\n" : $"{name}={scrubbed}\n";
        File.AppendAllText(file, line);
    }

    /// <summary>Appends Markdown to $GITHUB_STEP_SUMMARY.</summary>
    public void AppendSummary(string markdown)
    {
        if (!environment.TryGetValue("GITHUB_STEP_SUMMARY", out var file) || file.Length == 0) return;
        File.AppendAllText(file, secrets.Scrub(markdown) + "\n");
    }

    /// <summary>
    /// <c>::add-mask::</c> for every known secret, so the runner hides them even in other tools' output. Write these to
    /// the raw standard output: the runner consumes the lines and never shows them.
    /// </summary>
    public void MaskAll(TextWriter output)
    {
        if (!IsActive) return;
        foreach (var command in WorkflowCommands.AddMask(secrets.All)) output.WriteLine(command);
    }
}
