namespace Deployer.Tests.Support.Actions;

/// <summary>One step of a composite action as the runner ran it.</summary>
/// <param name="Outcome">success, failure, cancelled or skipped.</param>
/// <param name="Note">For a <c>uses:</c> step: why it was skipped or taken as done.</param>
public sealed record StepRun(string? Id, string Name, string Outcome, int ExitCode, IReadOnlyDictionary<string, string> Outputs, string? Note = null);

/// <summary>
/// A composite action's run: its outputs, the job summary it appended, and its log, both raw (what the processes wrote,
/// before the runner consumes workflow commands and masks secrets) and as the runner would show it.
/// </summary>
/// <param name="ExitCode">0 when every step that ran succeeded, else the exit code of the first step that failed.</param>
/// <param name="RawLog">Every line of standard output and error, in order, as written.</param>
/// <param name="Masks">Values registered with <c>::add-mask::</c>, in order.</param>
public sealed record ActionRun(
    int ExitCode,
    IReadOnlyDictionary<string, string> Outputs,
    string Summary,
    IReadOnlyList<string> RawLog,
    IReadOnlyList<string> Masks,
    IReadOnlyList<StepRun> Steps)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The log as the runner shows it: workflow commands consumed, masked values replaced by ***.</summary>
    public string Log => string.Join('\n', RawLog.Where(line => !IsMask(line)).Select(Mask));

    /// <summary>Every workflow command the runner would obey, in order.</summary>
    public IReadOnlyList<WorkflowCommand> Commands => RawLog.Select(WorkflowCommand.Parse).OfType<WorkflowCommand>().ToArray();

    /// <summary>The messages of <c>::error</c> annotations, unescaped.</summary>
    public IReadOnlyList<string> Errors => Commands.Where(c => c.Name == "error").Select(c => c.Data).ToArray();

    public string Output(string name) => Outputs.TryGetValue(name, out var value) ? value : "";

    public StepRun Step(string id) => Steps.Single(s => s.Id == id);

    /// <summary>
    /// Where a leaked secret would show: every line written except the <c>::add-mask::</c> commands (the runner consumes
    /// those; no one sees them), the summary and every output.
    /// </summary>
    public string Everything => string.Join('\n', RawLog.Where(line => !IsMask(line))) + "\n" + Summary + "\n" + string.Join('\n', Outputs.Select(o => $"{o.Key}={o.Value}"))
        + "\n" + string.Join('\n', Steps.SelectMany(s => s.Outputs.Select(o => $"{s.Id}.{o.Key}={o.Value}")));

    private static bool IsMask(string line) => WorkflowCommand.Parse(line)?.Name == "add-mask";

    private string Mask(string line) => Masks.Where(m => m.Length > 0).Aggregate(line, (current, mask) => current.Replace(mask, "***", StringComparison.Ordinal));
}
