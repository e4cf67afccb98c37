using Deployer.Output;
using Deployer.Secrets;
using static Deployer.Tests.Secrets.SecretSamples;

namespace Deployer.Tests.Secrets;

/// <summary>The writer scrubs a stream, not each write or line: a secret split across writes and lines is caught whole.</summary>
public class ScrubbingWriterTests
{
    private static (ScrubbingWriter Writer, StringWriter Inner) Writer()
    {
        var values = new SecretValues();
        foreach (var value in Values.Values) values.Add(value);
        var inner = new StringWriter { NewLine = "\n" };
        return (new ScrubbingWriter(inner, values) { NewLine = "\n" }, inner);
    }

    [Fact]
    public void A_private_key_written_line_by_line_is_scrubbed_whole()
    {
        var (writer, inner) = Writer();

        writer.WriteLine("the key:");
        foreach (var line in PrivateKey.TrimEnd('\n').Split('\n')) writer.WriteLine(line);
        writer.WriteLine("done");
        writer.Dispose();

        Assert.Equal("the key:\n[REDACTED]\ndone\n", inner.ToString());
    }

    [Fact]
    public void Lines_that_could_begin_a_secret_wait_and_everything_else_passes_at_once()
    {
        var (writer, inner) = Writer();
        var firstTwo = string.Join('\n', PrivateKey.Split('\n').Take(2)) + "\n";

        writer.WriteLine("progress 1");
        writer.Write(firstTwo);
        writer.Flush();
        Assert.Equal("progress 1\n", inner.ToString());

        writer.WriteLine("not the rest of the key after all");
        writer.Flush();
        Assert.Equal("progress 1\n-----BEGIN PRIVATE KEY-----\n[REDACTED]\nnot the rest of the key after all\n", inner.ToString());
    }

    [Fact]
    public void A_secret_split_in_single_characters_is_caught_and_the_end_is_passed_on_when_disposed()
    {
        var (writer, inner) = Writer();

        foreach (var c in $"a {Awkward} b\nunfinished line") writer.Write(c);
        Assert.Equal("a [REDACTED] b\n", inner.ToString());
        writer.Dispose();

        Assert.Equal("a [REDACTED] b\nunfinished line", inner.ToString());
    }
}
