using System.Net.Sockets;
using System.Text;
using Deployer.Secrets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Deployer.Ssh;

/// <summary>
/// One SSH connection to one host, reused for every command of the run (commands run on their own channels). The
/// private key is parsed from memory and never written to disk; the host key must match the pinned fingerprint.
/// </summary>
public sealed class SshConnection : IDisposable
{
    private readonly SshClient _client;
    private long _outputHeldPeak;

    private SshConnection(SshTarget target, SshClient client)
    {
        Target = target;
        _client = client;
    }

    public SshTarget Target { get; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects and authenticates; refusals (<see cref="SshRefusedException"/>) name the host, the setting and, for a key mismatch, the offered fingerprint.</summary>
    public static async Task<SshConnection> ConnectAsync(SshTarget target, Secret privateKey, CancellationToken cancellationToken)
    {
        PrivateKeyFile key;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(privateKey.Reveal()));
            key = new PrivateKeyFile(stream);
        }
        catch (Exception e) when (e is SshException or ArgumentException or InvalidOperationException)
        {
            throw new SshRefusedException($"{target.Place}.privateKey: not a private key SSH can read (OpenSSH, PEM or PuTTY format, without a passphrase)");
        }
        var info = new ConnectionInfo(target.Host, target.Port, target.User, new PrivateKeyAuthenticationMethod(target.User, key)) { Timeout = target.ConnectTimeout };
        var client = new SshClient(info) { KeepAliveInterval = target.KeepAlive };
        string? offered = null;
        client.HostKeyReceived += (_, e) =>
        {
            offered = e.FingerPrintSHA256;
            e.CanTrust = HostKeyPin.Matches(target.HostKey, e.FingerPrintSHA256);
        };
        try
        {
            await client.ConnectAsync(cancellationToken);
            return new SshConnection(target, client);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            if (offered is not null && !HostKeyPin.Matches(target.HostKey, offered))
                throw new SshRefusedException($"{target.Place}.hostKey: {target} offered host key {HostKeyPin.Format(offered)}, not the pinned {target.HostKey}; refusing to connect");
            throw e switch
            {
                // Something answers on the port, but not SSH: another program holds it, or the port is the wrong one.
                _ when offered is null && e.Message.Contains("SSH identification", StringComparison.Ordinal) =>
                    new SshRefusedException($"{target.Place}.port: {target} does not speak SSH (another program holds port {target.Port}?): {e.Message}", e),
                SshAuthenticationException => new SshRefusedException($"{target.Place}.privateKey: {target} refused the key for user '{target.User}'", e),
                SocketException or SshOperationTimeoutException or OperationCanceledException or TimeoutException =>
                    new SshRefusedException($"{target.Place}.host: {target} is unreachable ({e.Message})", e),
                _ => new SshRefusedException($"{target.Place}: could not connect to {target}: {e.Message}", e),
            };
        }
    }

    /// <summary>
    /// Runs a command; <paramref name="input"/>, when given, is streamed to its standard input and then closed. When the
    /// command ends before reading all of it, the rest is not sent; when reading the input throws, the channel is closed
    /// without an end of input (the command sees its input cut off, not complete) and the input's exception is rethrown.
    /// </summary>
    public async Task<RemoteResult> RunAsync(RemoteCommand command, Stream? input, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        SshCommand? ssh = null;
        try
        {
            // Inside the try: on a link that just dropped, creating the channel is what fails.
            ssh = _client.CreateCommand(command.Line);
            var running = ssh.ExecuteAsync(stop.Token);
            if (input is not null)
                await FeedAsync(ssh, input, running, stop);
            await running;
            return new RemoteResult(command, ssh.ExitStatus ?? -1, ssh.Result, ssh.Error);
        }
        catch (Exception e) when (e is SshConnectionException or SocketException or ObjectDisposedException or IOException
                                   || (e is SshException && !_client.IsConnected))
        {
            throw new SshLinkLostException($"the SSH link to {Target} dropped while running `{command.Line}`", e);
        }
        finally
        {
            ssh?.Dispose();
        }
    }

    private static async Task FeedAsync(SshCommand ssh, Stream input, Task running, CancellationTokenSource stop)
    {
        var copying = CopyAsync(ssh, input, stop.Token);
        if (await Task.WhenAny(copying, running) == running && !copying.IsCompleted)
        {
            // A write blocked on a window the ended command never opens ignores cancellation until the session timeout,
            // so the copy is left to fail on its own (its error observed, not thrown) rather than awaited.
            await stop.CancelAsync();
            _ = copying.ContinueWith(done => done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return;
        }
        try
        {
            await copying;
        }
        catch (Exception) when (!stop.IsCancellationRequested)
        {
            // Cancelling closes the channel; an end of input would tell the command a truncated input is whole.
            await stop.CancelAsync();
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
    }

    private static async Task CopyAsync(SshCommand ssh, Stream input, CancellationToken cancellationToken)
    {
        var stdin = ssh.CreateInputStream();
        await input.CopyToAsync(stdin, 81920, cancellationToken);
        await stdin.DisposeAsync();
    }

    /// <summary>
    /// Runs a command and hands its standard output, as it arrives, to <paramref name="consume"/> (another host's load):
    /// nothing is buffered to disk. With a <paramref name="flow"/> the command only produces what was granted (see
    /// <see cref="OutputFlow"/>), so a slow consumer leaves at most <see cref="OutputFlow.Bound"/> bytes in memory here;
    /// without one, SSH.NET buffers whatever the command prints ahead of the consumer. When the consumer returns before
    /// the end, the command is stopped (its credits end, and it is signalled).
    /// </summary>
    public async Task<RemoteRead<T>> ReadAsync<T>(RemoteCommand command, Func<Stream, Task<T>> consume, OutputFlow? flow, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        SshCommand? ssh = null;
        try
        {
            ssh = _client.CreateCommand((flow is null ? command : flow.Meter(command)).Line);
            var running = ssh.ExecuteAsync(stop.Token);
            var output = ssh.OutputStream;
            var credits = flow is null ? null : ssh.CreateInputStream();
            var metered = new CreditedOutputStream(output, credits, flow, () => output is PipeStream pipe ? pipe.Length : 0);
            T result;
            try
            {
                result = await consume(metered);
            }
            finally
            {
                // After the whole output the command has ended and this changes nothing; otherwise the end of its credits
                // stops the metering loop (and so the command, by a broken pipe) even on a server that ignores signals.
                EndCredits(credits);
                if (!running.IsCompleted) await stop.CancelAsync();
                await running.ContinueWith(_ => { }, TaskScheduler.Default);
                RecordHeld(metered.HeldPeak);
            }
            cancellationToken.ThrowIfCancellationRequested();
            return new RemoteRead<T>(result, new RemoteResult(command, ssh.ExitStatus ?? -1, "", ssh.Error), metered.BytesRead, metered.HeldPeak);
        }
        catch (Exception e) when (e is SshConnectionException or SocketException or ObjectDisposedException
                                   || (e is SshException && !_client.IsConnected))
        {
            throw new SshLinkLostException($"the SSH link to {Target} dropped while running `{command.Line}`", e);
        }
        finally
        {
            ssh?.Dispose();
        }
    }

    /// <summary>
    /// The most bytes of one command's standard output this connection has held unread at once, over every
    /// <see cref="ReadAsync{T}"/> so far: the memory a stream through this process costs.
    /// </summary>
    public long OutputHeldPeak => Interlocked.Read(ref _outputHeldPeak);

    private void RecordHeld(long held)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _outputHeldPeak);
            if (held <= seen) return;
        }
        while (Interlocked.CompareExchange(ref _outputHeldPeak, held, seen) != seen);
    }

    private static void EndCredits(Stream? credits)
    {
        try
        {
            credits?.Dispose();
        }
        catch (Exception e) when (CreditedOutputStream.ChannelClosed(e))
        {
            // The channel is already closed: the command has ended, which is what ending its credits is for.
        }
    }

    /// <summary>Runs a command without standard input.</summary>
    public Task<RemoteResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken) => RunAsync(command, null, cancellationToken);

    /// <summary>Runs a command and throws <see cref="RemoteCommandException"/> when it fails.</summary>
    public async Task<RemoteResult> RequireAsync(RemoteCommand command, CancellationToken cancellationToken, Stream? input = null) =>
        (await RunAsync(command, input, cancellationToken)).EnsureSuccess(Target.ToString());

    /// <summary>Forwards a loopback port here to <paramref name="host"/>:<paramref name="port"/> as seen from the remote host (health checks, admin APIs).</summary>
    public Uri Forward(string host, int port)
    {
        var forward = new ForwardedPortLocal("127.0.0.1", 0, host, (uint)port);
        _client.AddForwardedPort(forward);
        forward.Start();
        return new Uri($"http://127.0.0.1:{forward.BoundPort}");
    }

    public void Dispose() => _client.Dispose();
}
