using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Ssh;

[Collection(SshCollection.Name)]
public class ShellQuoteTests(SshServer sshd)
{
    public static readonly TheoryData<string> Hostile =
    [
        "it's", "a b", "$(touch pwned)", "`id`", "; rm -rf ~", "x && echo owned", "name\nsecond line", "\"double\"",
        "-rf", "~root", "*", "?", "[a-z]", "{a,b}", "back\\slash", "$HOME", "tab\there", "", "'", "''", "a|b", "<in", ">out", "#comment", "=x", "%", "ünïcode",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_word_reaches_the_remote_program_as_one_literal_argument(string word)
    {
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var canary = Path.Combine(sshd.Directory, "pwned");

        var result = await connection.RequireAsync(RemoteCommand.Of("printf", "[%s]\\n", word, "end"), CancellationToken.None);

        Assert.Equal($"[{word}]\n[end]\n", result.Output);
        // A command that ran would have created the file in the remote shell's directory (the user's home).
        Assert.False(File.Exists(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "pwned")) || File.Exists(canary));
    }

    [Fact]
    public async Task A_command_substitution_naming_an_absolute_path_is_not_run()
    {
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var canary = Path.Combine(sshd.Directory, "pwned-absolute");
        var word = $"$(touch {canary})";

        var result = await connection.RequireAsync(RemoteCommand.Of("printf", "[%s]\n", word), CancellationToken.None);

        Assert.Equal($"[{word}]\n", result.Output);
        Assert.False(File.Exists(canary));
    }

    [Fact]
    public void Plain_words_stay_readable_and_everything_else_is_single_quoted()
    {
        Assert.Equal("podman run --name web-blue 127.0.0.1::8080", ShellQuote.Line(["podman", "run", "--name", "web-blue", "127.0.0.1::8080"]));
        Assert.Equal("'it'\\''s' '$(id)' '' -rf '~root'", ShellQuote.Line(["it's", "$(id)", "", "-rf", "~root"]));
        Assert.Throws<ArgumentException>(() => ShellQuote.Word("nul\0byte"));
    }

    [Fact]
    public void A_pipeline_and_its_umask_and_output_file_are_quoted_by_the_same_function()
    {
        var command = RemoteCommand.Of("cat") with { Umask = "077", WritesTo = "/srv/app's env" };

        Assert.Equal("umask 077 && cat > '/srv/app'\\''s env'", command.Line);
        Assert.Equal("gunzip | podman load", RemoteCommand.Of("gunzip").Pipe("podman", "load").Line);
    }
}
