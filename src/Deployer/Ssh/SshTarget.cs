namespace Deployer.Ssh;

/// <summary>Where to connect and which host key to accept.</summary>
/// <param name="HostKey">The pinned fingerprint, <c>SHA256:…</c>.</param>
/// <param name="Place">The description path of this host (<c>environments.production.homeServers[0]</c>), named in every refusal.</param>
public sealed record SshTarget(string Host, int Port, string User, string HostKey, string Place)
{
    /// <summary>How often an idle connection proves it is alive, so a NAT or firewall does not drop it mid-run.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long connecting may take before the host counts as unreachable.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public override string ToString() => $"{User}@{Host}:{Port}";
}
