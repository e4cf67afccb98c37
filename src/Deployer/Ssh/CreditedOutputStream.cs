using Renci.SshNet.Common;

namespace Deployer.Ssh;

/// <summary>
/// Reads a remote command's standard output as SSH.NET buffers it, granting the remote side a credit (one newline on the
/// command's standard input, see <see cref="OutputFlow.Meter"/>) whenever fewer than <see cref="OutputFlow.Chunks"/>
/// chunks are granted and unread. Whatever the consumer's pace, the buffer then holds at most
/// <see cref="OutputFlow.Bound"/> bytes. Without a flow (and credits) it only reads and measures.
/// </summary>
/// <param name="output">The command's output as SSH.NET buffers it (<c>SshCommand.OutputStream</c>).</param>
/// <param name="credits">The command's standard input, or null to read unmetered.</param>
/// <param name="measure">The bytes <paramref name="output"/> holds unread right now (SSH.NET's <c>PipeStream.Length</c>).</param>
public sealed class CreditedOutputStream(Stream output, Stream? credits, OutputFlow? flow, Func<long> measure) : Stream
{
    private static readonly byte[] Credit = "\n"u8.ToArray();
    private long _granted;

    /// <summary>Bytes handed to the consumer so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// The most bytes the output held unread, sampled before every read: the buffer only grows between reads, so this is
    /// its peak.
    /// </summary>
    public long HeldPeak { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count)
    {
        BeforeRead();
        var read = output.Read(buffer, offset, count);
        BytesRead += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        BeforeRead();
        var read = await output.ReadAsync(buffer, cancellationToken);
        BytesRead += read;
        return read;
    }

    /// <summary>What writing to, or closing, the input of a command whose channel has closed throws.</summary>
    internal static bool ChannelClosed(Exception e) => e is SshException or ObjectDisposedException or InvalidOperationException;

    private void BeforeRead()
    {
        Grant();
        HeldPeak = Math.Max(HeldPeak, measure());
    }

    /// <summary>Tops the credits up to <see cref="OutputFlow.Chunks"/> chunks beyond what was read.</summary>
    private void Grant()
    {
        if (credits is null || flow is null) return;
        var owed = 0;
        while (_granted - BytesRead <= (long)flow.ChunkBytes * (flow.Chunks - 1))
        {
            _granted += flow.ChunkBytes;
            owed++;
        }
        if (owed == 0) return;
        try
        {
            // A few bytes on a channel whose window the remote loop keeps open: the write does not wait on the consumer.
            credits.Write(owed == 1 ? Credit : [.. Enumerable.Repeat((byte)'\n', owed)]);
            credits.Flush();
        }
        catch (Exception e) when (ChannelClosed(e) && e is not SshConnectionException)
        {
            // The command ended and its channel closed: what it printed is already buffered, and nothing more is owed. A
            // lost connection is not swallowed: the read reports the dropped link.
        }
    }
}
