using System.Diagnostics;
using System.Security.Cryptography;
using Deployer.Ssh;
using Deployer.Tests.Providers.HomeServers.Images;
using Deployer.Tests.Support;

namespace Deployer.Tests.Ssh;

/// <summary>
/// A remote command's output read through the real sshd with and without credit-based flow control: the metered loop
/// must pass every byte unchanged (sizes at and around chunk boundaries) and keep what SSH.NET buffers here within the
/// bound, where an unmetered read lets the command pile its whole output up in this process.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OutputFlowTests(SshServer sshd)
{
    private static readonly OutputFlow Small = new(64 << 10, 2);

    [Fact]
    public void The_metered_line_runs_the_command_under_sh_with_the_credits_on_descriptor_3_and_its_own_input_empty()
    {
        var metered = Small.Meter(RemoteCommand.Of("podman", "save", "x").Pipe("gzip", "-c"));

        Assert.Equal(
            "sh -c 'exec 3<&0 </dev/null; t=$(mktemp) || exit 1; { podman save x | gzip -c; echo $? >\"$t\"; } | while IFS= read -r _ <&3; do r=$(LC_ALL=C dd bs=65536 count=1 iflag=fullblock 2>&1 >&4); " +
            "case $r in \"1+0 records in\"*) ;; \"0+\"*) read -r c <\"$t\"; exit ${c:-1} ;; *) printf '\\''%s\\n'\\'' \"$r\" >&2; exit 1 ;; esac; done 4>&1; s=$?; rm -f \"$t\"; exit $s'",
            metered.Line);
        Assert.Equal(128 << 10, Small.Bound);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OutputFlow(0, 2).Meter(RemoteCommand.Of("true")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 << 10)]
    [InlineData(3 << 16)]
    [InlineData((5 << 16) / 2)]
    [InlineData(3 << 20)]
    public async Task A_metered_read_passes_every_byte_and_ends_when_the_output_ends(int size)
    {
        var file = RandomFile(size);
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);

        var read = await connection.ReadAsync(RemoteCommand.Of("cat", file), Sha256, Small, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, read.Command.ExitCode);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))), read.Result);
        Assert.Equal(size, read.BytesRead);
        Assert.InRange(read.HeldPeak, 0, Small.Bound);
        File.Delete(file);
    }

    [Fact]
    public async Task A_metered_command_that_fails_after_its_output_reads_as_failed_with_its_own_status_and_leaves_no_temp_file()
    {
        // The login's mktemp makes its files in a folder of this test's, so what the metering leaves behind is seen.
        var temp = Directory.CreateTempSubdirectory("deployer-flow-temp-").FullName;
        using var login = new StagingLogin(sshd, new Dictionary<string, string> { ["mktemp"] = $"#!/bin/sh\nexec /usr/bin/mktemp -p '{temp}'\n" });
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), login.Key, CancellationToken.None);

        var failed = await connection.ReadAsync(RemoteCommand.Of("sh", "-c", "head -c 300000 /dev/zero; echo gone >&2; exit 3"), Sha256, Small, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(2));
        var whole = await connection.ReadAsync(RemoteCommand.Of("head", "-c", "300000", "/dev/zero"), Sha256, Small, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(3, failed.Command.ExitCode);
        Assert.Contains("gone", failed.Command.Error);
        Assert.Equal(300000, failed.BytesRead);
        Assert.Equal(0, whole.Command.ExitCode);
        Assert.Equal(300000, whole.BytesRead);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));
        Directory.Delete(temp);
    }

    [Fact]
    public async Task A_host_whose_dd_lacks_fullblock_ends_the_read_at_once_with_dds_message_and_exit_1()
    {
        using var login = new StagingLogin(sshd, new Dictionary<string, string>
        {
            ["dd"] = "#!/bin/sh\necho \"dd: unknown operand iflag=fullblock\" >&2\nexit 1\n",
        });
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), login.Key, CancellationToken.None);

        var read = await connection.ReadAsync(RemoteCommand.Of("head", "-c", "1000000", "/dev/zero"), Sha256, Small, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, read.Command.ExitCode);
        Assert.Contains("dd: unknown operand iflag=fullblock", read.Command.Error);
        Assert.Equal(0, read.BytesRead);
    }

    [Fact]
    public async Task A_consumer_that_holds_back_lets_an_unmetered_command_pile_its_output_up_here_but_not_a_metered_one()
    {
        const int size = 8 << 20;
        var file = RandomFile(size);
        var expected = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);

        // Unmetered: the command prints everything and ends (its marker appears) while nothing is read.
        var done = file + ".unmetered-done";
        var clock = Stopwatch.StartNew();
        var unmetered = await connection.ReadAsync(CatThenTouch(file, done), async output =>
        {
            while (!File.Exists(done)) await Task.Delay(20);
            // The marker says cat wrote everything; what sshd still had in its window may be on its way here for a moment.
            await Task.Delay(TimeSpan.FromSeconds(1));
            return await Sha256(output);
        }, null, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
        var ranAhead = clock.Elapsed;

        // Metered: held back twice as long (at least 2 s), the command cannot end; it only produces what is read.
        var meteredDone = file + ".metered-done";
        var endedUnread = true;
        var metered = await connection.ReadAsync(CatThenTouch(file, meteredDone), async output =>
        {
            var waited = Stopwatch.StartNew();
            var patience = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(2).Ticks, 2 * ranAhead.Ticks));
            while (!File.Exists(meteredDone) && waited.Elapsed < patience) await Task.Delay(20);
            endedUnread = File.Exists(meteredDone);
            return await Sha256(output);
        }, Small, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(expected, unmetered.Result);
        Assert.True(unmetered.HeldPeak > 8 * Small.Bound, $"unmetered: {unmetered.HeldPeak} bytes held at most; the measure must see SSH.NET's buffer");
        Assert.Equal(expected, metered.Result);
        Assert.False(endedUnread, "the metered command printed its whole output while nothing was read");
        Assert.InRange(metered.HeldPeak, 1, Small.Bound);
        Assert.Equal(0, metered.Command.ExitCode);
        Assert.True(File.Exists(meteredDone));
        Assert.Equal(unmetered.HeldPeak, connection.OutputHeldPeak);
        foreach (var path in new[] { file, done, meteredDone }) File.Delete(path);
    }

    private static RemoteCommand CatThenTouch(string file, string marker) => RemoteCommand.Of("sh", "-c", "cat \"$1\" && touch \"$2\"", "sh", file, marker);

    private static async Task<string> Sha256(Stream output)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await output.ReadAsync(buffer)) > 0) hash.AppendData(buffer, 0, read);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private string RandomFile(int size)
    {
        var file = Path.Combine(sshd.Directory, "output-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllBytes(file, RandomNumberGenerator.GetBytes(size));
        return file;
    }
}
