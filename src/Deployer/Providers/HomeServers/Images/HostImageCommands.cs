using Deployer.Ssh;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// The commands the host's engine runs for images, as argv (quoted once by <see cref="ShellQuote"/>). Credentials never
/// appear here: <see cref="Login"/> reads the password from standard input.
/// </summary>
public sealed record HostImageCommands(ContainerEngine Engine)
{
    private string Program => Engine == ContainerEngine.Podman ? "podman" : "docker";

    /// <summary>Prints the image id of <paramref name="reference"/>; exits non-zero when the host lacks it.</summary>
    public RemoteCommand ImageId(string reference) => RemoteCommand.Of(Program, "image", "inspect", "--format", "{{.Id}}", reference);

    /// <summary>Reads a gzip'ed image archive from standard input into the engine's storage.</summary>
    public RemoteCommand Load() => RemoteCommand.Of("gunzip", "-c").Pipe(Program, "load");

    /// <summary>Writes the image <paramref name="id"/> to standard output as a gzip'ed archive (a promotion's source host).</summary>
    public RemoteCommand Save(string id) => (Engine == ContainerEngine.Podman
        ? RemoteCommand.Of(Program, "save", "--format", "docker-archive", id)
        : RemoteCommand.Of(Program, "save", id)).Pipe("gzip", "-c");

    public RemoteCommand Tag(string source, string target) => RemoteCommand.Of(Program, "tag", source, target);

    /// <summary>Logs in to <paramref name="server"/>, the password on standard input.</summary>
    public RemoteCommand Login(string server, string username) =>
        RemoteCommand.Of([Program, "login", .. TlsVerify(server), "--username", username, "--password-stdin", RegistryHost(server)]);

    /// <summary>Pulls a reference pinned by digest.</summary>
    public RemoteCommand Pull(string pinned) => RemoteCommand.Of([Program, "pull", .. TlsVerify(pinned), "--quiet", pinned]);

    /// <summary>The registry host of a server setting or reference (<c>ghcr.io/acme</c> → <c>ghcr.io</c>).</summary>
    public static string RegistryHost(string serverOrReference) => serverOrReference.Split('/')[0];

    /// <summary>podman verifies TLS even on loopback; docker treats 127.0.0.0/8 registries as insecure already.</summary>
    private IEnumerable<string> TlsVerify(string reference)
    {
        var host = RegistryHost(reference);
        if (Engine == ContainerEngine.Podman && (host.StartsWith("127.", StringComparison.Ordinal) || host.StartsWith("localhost", StringComparison.Ordinal)))
            yield return "--tls-verify=false";
    }
}
