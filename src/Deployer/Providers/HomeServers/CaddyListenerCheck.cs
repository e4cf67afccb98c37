using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Every Caddy admin API change reloads Caddy's config, and Caddy 2.6+ binds the new config's listener with
/// SO_REUSEPORT and closes the old one: Linux resets connections still queued on the closing socket unless
/// <c>net.ipv4.tcp_migrate_req</c> is 1 (Linux 5.14+), which moves them to the new listener. With it, 20 deploys under
/// load failed no request here; without it a few in thousands were reset. The check only reads the host's setting and
/// says what to change: tuning a host's kernel is its operator's decision, not a deploy's.
/// </summary>
public static class CaddyListenerCheck
{
    public const string Path = "/proc/sys/net/ipv4/tcp_migrate_req";

    /// <summary>The caveat for the step's message when the host leaves the setting at 0; null when it is 1 or not readable.</summary>
    public static string? Caveat(string host, RemoteResult read) =>
        read is { Succeeded: true } && read.Output.Trim() == "0"
            ? $"caveat: net.ipv4.tcp_migrate_req is 0 on {host}, so each Caddy switch can reset connections queued on Caddy's old listener; " +
              "set it to 1 (sysctl -w net.ipv4.tcp_migrate_req=1, and in /etc/sysctl.d) for switches that fail no request"
            : null;

    public static async Task<string?> CaveatAsync(IHomeHost host, CancellationToken cancellationToken) =>
        Caveat(host.Name, await host.RunAsync(RemoteCommand.Of("cat", Path), null, cancellationToken));
}
