namespace Deployer.Ssh;

/// <summary>What a <see cref="RemoteCommand"/> printed and how it exited.</summary>
public sealed record RemoteResult(RemoteCommand Command, int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>This result, or an exception naming the command and its last error lines.</summary>
    public RemoteResult EnsureSuccess(string host) => Succeeded
        ? this
        : throw new RemoteCommandException($"on {host}: `{Command.Line}` exited {ExitCode}: {Tail(Error.Length > 0 ? Error : Output)}", this);

    private static string Tail(string text) => string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}

/// <summary>A remote command that exited non-zero.</summary>
public sealed class RemoteCommandException(string message, RemoteResult result) : Exception(message)
{
    public RemoteResult Result => result;
}
