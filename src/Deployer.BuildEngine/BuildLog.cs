namespace Deployer.BuildEngine;

/// <summary>
/// The engine's only way to write. Every line passes through secret redaction, so no code path
/// of the engine can print a secret value by accident.
/// </summary>
internal sealed class BuildLog(BuildContext context, Verbosity verbosity, IReadOnlyCollection<string> secrets, Func<bool>? toStandardError = null)
{
    private readonly Secrets.SecretValues _secrets = Known(secrets);

    // Progress moves to standard error when the build's standard output carries data (a JSON document).
    private TextWriter Progress => toStandardError?.Invoke() == true ? context.Error : context.Out;

    public Verbosity Verbosity { get; } = verbosity;
    public bool IsGitHubActions { get; } = context.IsGitHubActions;

    /// <summary>Target headers and skip notes.</summary>
    public void Normal(string line) => Write(Progress, Verbosity.Normal, line);

    /// <summary>The summary and the final result line.</summary>
    public void Minimal(string line) => Write(Progress, Verbosity.Minimal, line);

    public void Verbose(string line) => Write(Progress, Verbosity.Verbose, line);

    /// <summary>Help and plan output, asked for explicitly, so shown at any verbosity.</summary>
    public void Always(string text) => context.Out.WriteLine(Plain(text));

    public void Error(string text) => context.Error.WriteLine(Plain(text));

    /// <summary>Workflow commands such as <c>::group::</c>; only under GitHub Actions.</summary>
    public void Command(string command)
    {
        if (IsGitHubActions)
            Progress.WriteLine(Redact(command));
    }

    public string Redact(string text) => _secrets.Scrub(text);

    // Messages can echo user input (a parameter value, a target name); under Actions none may read as a workflow command.
    private string Plain(string text) => IsGitHubActions ? Output.WorkflowCommands.Inert(Redact(text)) : Redact(text);

    private static Secrets.SecretValues Known(IEnumerable<string> values)
    {
        var known = new Secrets.SecretValues();
        foreach (var value in values) known.Add(value);
        return known;
    }

    /// <summary>Registers secrets with GitHub Actions before anything else is printed; the one place values are written.</summary>
    public static void MaskSecrets(BuildContext context, IEnumerable<string> secrets)
    {
        if (!context.IsGitHubActions)
            return;
        foreach (var command in Output.WorkflowCommands.AddMask(secrets))
            context.Out.WriteLine(command);
    }

    private void Write(TextWriter writer, Verbosity level, string line)
    {
        if (Verbosity >= level)
            writer.WriteLine(Plain(line));
    }
}
