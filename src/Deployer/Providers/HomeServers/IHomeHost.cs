using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>The two things a blue/green deploy needs from a host: run a command, and reach a loopback port on it.</summary>
public interface IHomeHost
{
    /// <summary>The host as the description names it, for messages.</summary>
    string Name { get; }

    Task<RemoteResult> RunAsync(RemoteCommand command, Stream? input, CancellationToken cancellationToken);

    /// <summary>A URL here that reaches <paramref name="port"/> on the host's loopback (SSH port forwarding).</summary>
    Uri Forward(int port);
}

/// <summary>A host reached over the run's SSH connection.</summary>
public sealed class SshHomeHost(SshConnection connection) : IHomeHost
{
    public string Name => connection.Target.ToString();

    public Task<RemoteResult> RunAsync(RemoteCommand command, Stream? input, CancellationToken cancellationToken) =>
        connection.RunAsync(command, input, cancellationToken);

    public Uri Forward(int port) => connection.Forward("127.0.0.1", port);
}

public static class HomeHostExtensions
{
    /// <summary>Runs a command and throws <see cref="RemoteCommandException"/> naming it when it fails.</summary>
    public static async Task<RemoteResult> RequireAsync(this IHomeHost host, RemoteCommand command, CancellationToken cancellationToken, Stream? input = null) =>
        (await host.RunAsync(command, input, cancellationToken)).EnsureSuccess(host.Name);
}
