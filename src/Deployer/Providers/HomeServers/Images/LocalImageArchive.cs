using System.IO.Compression;
using System.IO.Pipelines;
using CliWrap;
using Deployer.Providers.Images;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// The local engine's <c>save</c> of one image, gzip'ed as it is produced and handed on as a stream: nothing is written
/// to disk, and only a pipe's buffer of the archive is in memory at any time.
/// </summary>
public static class LocalImageArchive
{
    /// <summary>The <c>save</c> invocation writing an image archive to standard output.</summary>
    public static ContainerCommand Save(string engine, ContainerEngineOptions options, string reference) => engine switch
    {
        "docker" => new ContainerCommand("docker", ["save", reference]),
        "podman" => new ContainerCommand("podman", [.. EngineArguments.Storage(options), "save", "--format", "docker-archive", reference]),
        "buildah" => new ContainerCommand("buildah", [.. EngineArguments.Storage(options), "push", reference, "docker-archive:/dev/stdout:" + reference]),
        _ => throw new ContainerEngineException($"cannot save images with '{engine}'"),
    };

    /// <summary>
    /// Runs <paramref name="save"/> and passes its gzip'ed output to <paramref name="consume"/>. A failed save ends the
    /// stream with a <see cref="ContainerEngineException"/> quoting the engine's error instead of an end of stream, so a
    /// consumer never mistakes a truncated archive for a whole one; a consumer that returns before the end (the other side
    /// gave up) stops the save, so no process is left writing into a pipe nobody reads.
    /// </summary>
    /// <returns>The compressed bytes the consumer read, and its result.</returns>
    public static async Task<(long Bytes, T Result)> StreamAsync<T>(ContainerCommand save, Func<Stream, Task<T>> consume, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var counted = new CountingStream(pipe.Writer.AsStream());
        var saving = Task.Run(() => SaveAsync(save, counted, pipe.Writer, stop.Token), CancellationToken.None);
        try
        {
            T result;
            await using (var reader = pipe.Reader.AsStream())
                result = await consume(reader);
            return (counted.Written, result);
        }
        finally
        {
            // After a whole archive the save has ended and this changes nothing; otherwise it kills the save.
            await stop.CancelAsync();
            await saving;
        }
    }

    /// <summary>Never throws: the outcome of the save is the pipe's completion (an error, or the end of the archive).</summary>
    private static async Task SaveAsync(ContainerCommand save, Stream counted, PipeWriter writer, CancellationToken cancellationToken)
    {
        var errors = new System.Text.StringBuilder();
        Exception? failure = null;
        try
        {
            await using var gzip = new GZipStream(counted, CompressionLevel.Fastest, leaveOpen: true);
            var saved = await Cli.Wrap(save.Program).WithArguments(save.Arguments)
                .WithEnvironmentVariables(save.Environment.ToDictionary(e => e.Key, e => (string?)e.Value))
                .WithStandardOutputPipe(PipeTarget.ToStream(gzip))
                .WithStandardErrorPipe(PipeTarget.ToStringBuilder(errors))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(cancellationToken);
            if (saved.ExitCode != 0)
                failure = new ContainerEngineException($"`{save.Display}` exited {saved.ExitCode}: {errors.ToString().Trim()}");
        }
        catch (Exception e)
        {
            failure = e as ContainerEngineException ?? new ContainerEngineException($"`{save.Display}` failed: {e.Message}", e);
        }
        await writer.CompleteAsync(failure);
    }

    /// <summary>Counts what passes through, so a run can say how many bytes went over the link.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
