using System.Text;
using Deployer.Secrets;

namespace Deployer.Output;

/// <summary>
/// A TextWriter that scrubs known secret values from the stream before it reaches the underlying writer. Every output of
/// a run (console, test-command output, result file, job summary, $GITHUB_OUTPUT) goes through one, so a secret that
/// slips into a message is still never shown. It scrubs the stream, not each write or line: text is passed on in whole
/// lines, and a line that could be the start of a secret still being written (a multi-line private key arriving line by
/// line) waits until the secret is complete or ruled out. <see cref="Flush"/> passes on only what is final;
/// <see cref="TextWriter.Dispose()"/> passes on the rest. The underlying writer is not disposed.
/// </summary>
public sealed class ScrubbingWriter(TextWriter inner, SecretValues secrets) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private readonly object _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _pending.Append(value);
            if (value == '\n') Pass(final: false);
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_gate)
        {
            _pending.Append(value);
            if (value.Contains('\n')) Pass(final: false);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (count == 0) return;
        lock (_gate)
        {
            _pending.Append(buffer, index, count);
            if (Array.IndexOf(buffer, '\n', index, count) >= 0) Pass(final: false);
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            Pass(final: false);
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            lock (_gate)
            {
                Pass(final: true);
                inner.Flush();
            }
        base.Dispose(disposing);
    }

    private void Pass(bool final)
    {
        if (_pending.Length == 0) return;
        var text = _pending.ToString();
        if (final)
        {
            inner.Write(secrets.Scrub(text));
            _pending.Clear();
            return;
        }
        var ready = secrets.ScrubCompleteLines(text, out var consumed);
        if (consumed == 0) return;
        inner.Write(ready);
        _pending.Remove(0, consumed);
    }
}
