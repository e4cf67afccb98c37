namespace Deployer.Ssh;

/// <summary>
/// An immutable description of one program run on a host: its argv, and an optional pipeline of further argvs its
/// output feeds (<c>gunzip | podman load</c>). Command objects only render these; <see cref="SshConnection"/> runs them.
/// Secrets never appear here: they travel on standard input.
/// </summary>
public sealed record RemoteCommand(IReadOnlyList<string> Argv)
{
    /// <summary>Programs the output of <see cref="Argv"/> is piped into, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> PipedInto { get; init; } = [];

    /// <summary>The octal umask the remote shell sets first (<c>077</c> for files only the owner may read), or null.</summary>
    public string? Umask { get; init; }

    /// <summary>A file the output is written to (replacing it), or null.</summary>
    public string? WritesTo { get; init; }

    public static RemoteCommand Of(params string[] argv) => new(argv);

    /// <summary>This command's output piped into <paramref name="argv"/>.</summary>
    public RemoteCommand Pipe(params string[] argv) => this with { PipedInto = [.. PipedInto, argv] };

    /// <summary>The line the remote shell runs; every word is quoted by <see cref="ShellQuote"/>.</summary>
    public string Line
    {
        get
        {
            var line = string.Join(" | ", PipedInto.Prepend(Argv).Select(ShellQuote.Line));
            if (WritesTo is { } file) line += " > " + ShellQuote.Word(file);
            return Umask is { } mask ? $"umask {ShellQuote.Word(mask)} && {line}" : line;
        }
    }

    public override string ToString() => Line;
}
