using Deployer.Secrets;

namespace Deployer.Ssh;

/// <summary>The run's connections: one per host (user, host, port), opened on first use and reused until the run ends.</summary>
public sealed class SshHosts : IDisposable
{
    private readonly Dictionary<string, Task<SshConnection>> _connections = new(StringComparer.Ordinal);

    /// <summary>The connection to <paramref name="target"/>; a dropped one is replaced.</summary>
    public async Task<SshConnection> ForAsync(SshTarget target, Func<CancellationToken, Task<Secret>> key, CancellationToken cancellationToken)
    {
        Task<SshConnection> connecting;
        lock (_connections)
        {
            var name = target.ToString();
            if (!_connections.TryGetValue(name, out connecting!) || connecting.IsFaulted || connecting.IsCanceled
                || (connecting.IsCompletedSuccessfully && !connecting.Result.IsConnected))
                _connections[name] = connecting = ConnectAsync(target, key, cancellationToken);
        }
        return await connecting;
    }

    private static async Task<SshConnection> ConnectAsync(SshTarget target, Func<CancellationToken, Task<Secret>> key, CancellationToken cancellationToken) =>
        await SshConnection.ConnectAsync(target, await key(cancellationToken), cancellationToken);

    public void Dispose()
    {
        lock (_connections)
            foreach (var connection in _connections.Values.Where(c => c.IsCompletedSuccessfully))
                connection.Result.Dispose();
    }
}
