using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Deployer.Secrets;
using Deployer.Ssh;

namespace Deployer.Tests.Support;

/// <summary>
/// A real OpenSSH server for the tests: <c>/usr/sbin/sshd -D -e -f &lt;temp sshd_config&gt;</c> on a free loopback port, as
/// the current user, with a throw-away host key and user key (ssh-keygen). Commands run on this machine, with podman
/// pointed at throw-away storage (vfs, runc, cgroupfs) through the authorized key's <c>environment=</c> options, so the
/// "home server" is this machine and its engine is podman. One instance per collection: <see cref="SshCollection"/> and the
/// load tests' <see cref="SshLoadCollection"/>, which run beside each other.
/// </summary>
public sealed class SshServer : IDisposable
{
    private readonly Process _sshd;

    public SshServer()
    {
        var sshd = RequiredTool.File("/usr/sbin/sshd", "openssh-server");
        RequiredTool.Program("ssh-keygen", "openssh-client");
        Directory = System.IO.Directory.CreateTempSubdirectory("deployer-sshd-").FullName;
        System.IO.Directory.CreateDirectory("/run/sshd"); // sshd's privilege separation directory
        KeyGen("-t", "ed25519", "-N", "", "-q", "-f", Path.Combine(Directory, "host_key"));
        KeyGen("-t", "ed25519", "-N", "", "-q", "-f", Path.Combine(Directory, "user_key"));
        KeyGen("-t", "ed25519", "-N", "", "-q", "-f", Path.Combine(Directory, "stranger_key"));
        HostKey = KeyGen("-lf", Path.Combine(Directory, "host_key.pub")).Split(' ')[1];
        UserKey = new Secret(File.ReadAllText(Path.Combine(Directory, "user_key")));
        StrangerKey = new Secret(File.ReadAllText(Path.Combine(Directory, "stranger_key")));
        User = Environment.UserName;

        var storage = Path.Combine(Directory, "podman");
        File.WriteAllText(Path.Combine(Directory, "storage.conf"),
            $"[storage]\ndriver = \"vfs\"\ngraphroot = \"{storage}/root\"\nrunroot = \"{storage}/runroot\"\n");
        // The sandbox cannot raise rlimits, so containers get the ones this process already has.
        File.WriteAllText(Path.Combine(Directory, "containers.conf"),
            "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n" +
            "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1000:1000\"]\n");
        var options = $"environment=\"CONTAINERS_STORAGE_CONF={Directory}/storage.conf\",environment=\"CONTAINERS_CONF={Directory}/containers.conf\"," +
                      $"environment=\"HOME={Directory}/home\",environment=\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\" ";
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "home"));
        File.WriteAllText(Path.Combine(Directory, "authorized_keys"), options + File.ReadAllText(Path.Combine(Directory, "user_key.pub")));
        Port = FreePort();
        var config = Path.Combine(Directory, "sshd_config");
        File.WriteAllText(config, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {Directory}/host_key
            AuthorizedKeysFile {Directory}/authorized_keys
            PermitUserEnvironment yes
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            PidFile none
            AllowTcpForwarding yes
            MaxSessions 50
            MaxStartups 50
            """);
        _sshd = Process.Start(new ProcessStartInfo(sshd) { ArgumentList = { "-D", "-e", "-f", config }, RedirectStandardError = true })!;
        _sshd.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        _sshd.BeginErrorReadLine();
        WaitUntilListening();
    }

    public string Directory { get; }
    public int Port { get; }
    public string User { get; }
    public string HostKey { get; }
    public Secret UserKey { get; }
    public Secret StrangerKey { get; }
    public List<string> Log { get; } = [];

    /// <summary>Environment a local podman needs to see the host's storage (the tests' "host" is this machine).</summary>
    public IReadOnlyDictionary<string, string> EngineEnvironment => new Dictionary<string, string>
    {
        ["CONTAINERS_STORAGE_CONF"] = Path.Combine(Directory, "storage.conf"),
        ["CONTAINERS_CONF"] = Path.Combine(Directory, "containers.conf"),
    };

    public SshTarget Target(string place = "environments.production.homeServers[0]") => new("127.0.0.1", Port, User, HostKey, place);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_sshd.HasExited) throw new InvalidOperationException("sshd exited: " + string.Join('\n', Log));
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { Thread.Sleep(50); }
        }
        throw new TimeoutException("sshd did not listen within 20 s: " + string.Join('\n', Log));
    }

    private static string KeyGen(params string[] arguments)
    {
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("ssh-keygen failed: " + process.StandardError.ReadToEnd());
        return output.Trim();
    }

    public void Dispose()
    {
        if (!_sshd.HasExited) _sshd.Kill(entireProcessTree: true);
        _sshd.WaitForExit();
        _sshd.Dispose();
        try
        {
            // podman's vfs layers may hold read-only directories; a failed clean-up must not fail the tests.
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}

/// <summary>The SSH tests share one server (xunit collection fixture) and run one after another; the load tests have their own (<see cref="SshLoadCollection"/>).</summary>
[CollectionDefinition(Name)]
public sealed class SshCollection : ICollectionFixture<SshServer>
{
    public const string Name = "sshd";
}
