using System.Net;
using System.Net.Sockets;

namespace Deployer.Tests.Support;

/// <summary>
/// A TCP forwarder on a free loopback port in front of another loopback port (the test sshd), whose <see cref="Cut"/>
/// closes every forwarded connection at once, as a dropped link or the kernel closing a killed process's sockets would.
/// Connections made after the cut are refused (closed at once).
/// </summary>
public sealed class CuttableTcpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private bool _cut;

    public CuttableTcpProxy(int target)
    {
        _target = target;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Closes every forwarded connection (a reset, not a polite end of stream) and refuses new ones.</summary>
    public void Cut()
    {
        lock (_sockets)
        {
            _cut = true;
            foreach (var socket in _sockets)
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0); // RST: the peer sees the link die, not a shutdown
                    socket.Close();
                }
                catch (ObjectDisposedException) { }
            }
            _sockets.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Close();
                server.Close();
                continue;
            }
            lock (_sockets)
            {
                if (_cut)
                {
                    client.Close();
                    server.Close();
                    continue;
                }
                _sockets.Add(client);
                _sockets.Add(server);
            }
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0) break;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Cut();
        _stop.Dispose();
    }
}
