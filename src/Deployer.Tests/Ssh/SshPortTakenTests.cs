using System.Net;
using System.Net.Sockets;
using System.Text;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Ssh;

/// <summary>The description's SSH port held by a program that is not sshd (here a web server's answer): refused naming the port setting.</summary>
public class SshPortTakenTests
{
    [Fact]
    public async Task A_port_held_by_another_program_is_refused_naming_the_port_setting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var answering = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"));
        });
        var target = new SshTarget("127.0.0.1", port, "deploy", "SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY", "environments.production.homeServers[0]")
        {
            ConnectTimeout = TimeSpan.FromSeconds(60),
        };
        var key = new Deployer.Secrets.Secret(UserKey());

        var refused = await Assert.ThrowsAsync<SshRefusedException>(() => SshConnection.ConnectAsync(target, key, CancellationToken.None));

        Assert.StartsWith($"environments.production.homeServers[0].port: deploy@127.0.0.1:{port} does not speak SSH (another program holds port {port}?)", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
        await answering;
    }

    /// <summary>A throw-away ed25519 key (no sshd needed: the refusal comes before authentication), its files deleted once read.</summary>
    private static string UserKey()
    {
        RequiredTool.Program("ssh-keygen", "openssh-client");
        var directory = Directory.CreateTempSubdirectory("deployer-portkey-").FullName;
        try
        {
            var path = Path.Combine(directory, "key");
            using var process = System.Diagnostics.Process.Start("ssh-keygen", ["-t", "ed25519", "-N", "", "-q", "-f", path])!;
            process.WaitForExit();
            return File.ReadAllText(path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
