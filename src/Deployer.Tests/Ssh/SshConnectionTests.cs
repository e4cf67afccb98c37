using System.Text;
using Deployer.Secrets;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Ssh;

[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class SshConnectionTests(SshServer sshd)
{
    [Fact]
    public async Task I_can_run_a_command_on_a_host_whose_key_matches_the_pinned_fingerprint()
    {
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);

        var result = await connection.RunAsync(RemoteCommand.Of("id", "-un"), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(sshd.User, result.Output.Trim());
    }

    [Fact]
    public async Task A_host_offering_another_key_is_refused_naming_the_offered_fingerprint()
    {
        var pinned = "SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY";

        var refused = await Assert.ThrowsAsync<SshRefusedException>(() =>
            SshConnection.ConnectAsync(sshd.Target() with { HostKey = pinned }, sshd.UserKey, CancellationToken.None));

        Assert.Equal($"environments.production.homeServers[0].hostKey: {sshd.Target()} offered host key {sshd.HostKey}, not the pinned {pinned}; refusing to connect",
            refused.Message);
    }

    [Fact]
    public async Task A_key_the_host_does_not_know_is_refused_naming_the_user()
    {
        var refused = await Assert.ThrowsAsync<SshRefusedException>(() => SshConnection.ConnectAsync(sshd.Target(), sshd.StrangerKey, CancellationToken.None));

        Assert.StartsWith($"environments.production.homeServers[0].privateKey: {sshd.Target()} refused the key for user '{sshd.User}'", refused.Message);
        Assert.DoesNotContain(sshd.StrangerKey.Reveal(), refused.ToString());
    }

    [Fact]
    public async Task Text_that_is_not_a_key_is_refused_without_echoing_it()
    {
        var refused = await Assert.ThrowsAsync<SshRefusedException>(() => SshConnection.ConnectAsync(sshd.Target(), new Secret("hunter2-not-a-key"), CancellationToken.None));

        Assert.StartsWith("environments.production.homeServers[0].privateKey: not a private key", refused.Message);
        Assert.DoesNotContain("hunter2", refused.Message);
    }

    [Fact]
    public async Task An_unreachable_host_is_refused_naming_the_host_setting()
    {
        var target = sshd.Target() with { Port = SshServer.FreePort(), ConnectTimeout = TimeSpan.FromSeconds(3) };

        var refused = await Assert.ThrowsAsync<SshRefusedException>(() => SshConnection.ConnectAsync(target, sshd.UserKey, CancellationToken.None));

        Assert.StartsWith($"environments.production.homeServers[0].host: {target} is unreachable", refused.Message);
    }

    [Fact]
    public async Task Standard_input_streams_to_the_remote_pipeline()
    {
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var payload = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(payload);

        var result = await connection.RequireAsync(RemoteCommand.Of("cat").Pipe("wc", "-c"), CancellationToken.None, new MemoryStream(payload));

        Assert.Equal(payload.Length.ToString(), result.Output.Trim());
    }

    [Fact]
    public async Task A_file_written_with_umask_077_is_readable_by_its_owner_only()
    {
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var file = Path.Combine(sshd.Directory, "env-" + Guid.NewGuid().ToString("N"));

        await connection.RequireAsync(RemoteCommand.Of("cat") with { Umask = "077", WritesTo = file }, CancellationToken.None, new MemoryStream("A=1\n"u8.ToArray()));

        Assert.Equal("A=1\n", File.ReadAllText(file, Encoding.UTF8));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task The_run_reuses_one_connection_per_host()
    {
        using var hosts = new SshHosts();
        var reads = 0;
        Task<Secret> Key(CancellationToken _) { Interlocked.Increment(ref reads); return Task.FromResult(sshd.UserKey); }

        var first = await hosts.ForAsync(sshd.Target(), Key, CancellationToken.None);
        var again = await hosts.ForAsync(sshd.Target(), Key, CancellationToken.None);

        Assert.Same(first, again);
        Assert.Equal(1, reads);
    }

    [Fact]
    public void A_fingerprint_matches_with_or_without_prefix_and_padding()
    {
        Assert.True(HostKeyPin.Matches("SHA256:abcDEF", "abcDEF"));
        Assert.True(HostKeyPin.Matches("SHA256:abcDEF=", "abcDEF"));
        Assert.False(HostKeyPin.Matches("SHA256:abcDEF", "abcDEG"));
        Assert.Equal("SHA256:abcDEF", HostKeyPin.Format("abcDEF"));
    }
}
