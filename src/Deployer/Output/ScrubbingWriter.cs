using System.Text;
using Deployer.Secrets;

namespace Deployer.Output;

/// <summary>
/// A TextWriter that scrubs known secret values line by line before they reach the underlying writer. Every output of a
/// run (console, result file, job summary, $GITHUB_OUTPUT) goes through one, so a secret that slips into a message is
/// still never shown.
/// </summary>
public sealed class ScrubbingWriter(TextWriter inner, SecretValues secrets) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly object _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n') FlushLine();
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_gate)
        {
            _line.Append(value);
            if (value.Contains('\n')) FlushLine();
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            FlushLine();
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }

    private void FlushLine()
    {
        if (_line.Length == 0) return;
        // Only complete lines are scrubbed eagerly; a partial line waits so a secret split across writes is still caught.
        var text = _line.ToString();
        var cut = text.LastIndexOf('\n') + 1;
        var ready = cut > 0 ? text[..cut] : text;
        inner.Write(secrets.Scrub(ready));
        _line.Clear();
        if (cut > 0 && cut < text.Length) _line.Append(text, cut, text.Length - cut);
    }
}
