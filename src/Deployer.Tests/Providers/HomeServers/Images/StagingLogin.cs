using System.Diagnostics;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers.Images;

/// <summary>
/// A second "host" on the shared sshd: its own throw-away key, authorised with podman pointed at its own storage, so
/// staging and production are two image stores behind one real SSH server. Removed from authorized_keys on dispose.
/// <paramref name="programs"/> (name → sh script) are put first on the login's PATH: a host whose <c>gunzip</c> is slow.
/// </summary>
public sealed class StagingLogin : IDisposable
{
    private readonly SshServer _sshd;
    private readonly string _line;

    public StagingLogin(SshServer sshd, IReadOnlyDictionary<string, string>? programs = null)
    {
        _sshd = sshd;
        Directory = System.IO.Directory.CreateTempSubdirectory("deployer-staging-host-").FullName;
        var keyFile = Path.Combine(Directory, "key");
        using (var keygen = Process.Start(new ProcessStartInfo("ssh-keygen") { ArgumentList = { "-t", "ed25519", "-N", "", "-q", "-f", keyFile } })!)
            keygen.WaitForExit();
        Key = new Secret(File.ReadAllText(keyFile));
        var storage = Path.Combine(Directory, "podman");
        File.WriteAllText(Path.Combine(Directory, "storage.conf"), $"[storage]\ndriver = \"vfs\"\ngraphroot = \"{storage}/root\"\nrunroot = \"{storage}/runroot\"\n");
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "home"));
        var bin = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "bin")).FullName;
        foreach (var (name, script) in programs ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(bin, name), script);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _line = $"environment=\"CONTAINERS_STORAGE_CONF={Directory}/storage.conf\",environment=\"CONTAINERS_CONF={sshd.Directory}/containers.conf\"," +
                $"environment=\"HOME={Directory}/home\",environment=\"PATH={bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\" " +
                File.ReadAllText(keyFile + ".pub").Trim();
        lock (typeof(StagingLogin))
            File.AppendAllText(AuthorizedKeys, Environment.NewLine + _line + Environment.NewLine);
    }

    public string Directory { get; }
    public Secret Key { get; }

    private string AuthorizedKeys => Path.Combine(_sshd.Directory, "authorized_keys");

    public void Dispose()
    {
        lock (typeof(StagingLogin))
            File.WriteAllLines(AuthorizedKeys, File.ReadAllLines(AuthorizedKeys).Where(l => l.Trim() != _line && l.Trim().Length > 0));
        // podman's vfs layers may hold read-only directories; a failed clean-up must not fail the tests.
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
