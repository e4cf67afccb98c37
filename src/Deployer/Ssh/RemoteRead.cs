namespace Deployer.Ssh;

/// <summary>What a consumer of a remote command's output returned, how the command ended, and what its output cost here.</summary>
/// <param name="Command">The command's exit status and standard error (its output went to the consumer).</param>
/// <param name="BytesRead">The output bytes the consumer read.</param>
/// <param name="HeldPeak">The most bytes of its output this process held unread at once (SSH.NET's buffer).</param>
public sealed record RemoteRead<T>(T Result, RemoteResult Command, long BytesRead, long HeldPeak);
