namespace Deployer.Providers.HomeServers;

/// <summary>
/// The reverse proxy in front of a host's containers, as blue/green needs it: which container serves each service now,
/// route one service to another container, and put back what a finished switch replaced. A switch is applied whole or
/// not at all and is never cancelled half-way: callers pass no token and undo a finished switch instead.
/// </summary>
public interface IProxySwitch
{
    /// <summary>The services the proxy routes through this module now; empty before the first deploy.</summary>
    Task<IReadOnlyDictionary<string, Backend>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Routes <paramref name="service"/> to <paramref name="backend"/>, keeping every other service as <paramref name="current"/> has it.</summary>
    Task<IReadOnlyDictionary<string, Backend>> SwitchAsync(IReadOnlyDictionary<string, Backend> current, string service, Backend backend);

    /// <summary>Routes every service as <paramref name="previous"/> had it again (undoing a finished switch).</summary>
    Task RestoreAsync(IReadOnlyDictionary<string, Backend> previous);
}

/// <summary>Picks the switch for a host's proxy kind.</summary>
public static class ProxySwitches
{
    public static IProxySwitch For(IHomeHost host, HomeServerSpec server, HttpClient http) => server.Proxy.Kind switch
    {
        ProxyKind.Nginx => new NginxSwitch(host, server.Proxy),
        ProxyKind.Traefik => new TraefikSwitch(host, server),
        ProxyKind.Caddy => new CaddySwitch(host, server, http),
        _ => throw new ArgumentOutOfRangeException(nameof(server), server.Proxy.Kind, "unknown proxy kind"),
    };

    /// <summary>What a switch does to the proxy, for the plan.</summary>
    public static string Describe(ProxySpec proxy) => proxy.Kind switch
    {
        ProxyKind.Nginx => $"rewrite the upstreams in {proxy.ConfigPath} (temporary file renamed over it), nginx -t, nginx -s reload",
        ProxyKind.Traefik => $"rewrite {proxy.ConfigPath} checked against Traefik's v3 file-provider schema (temporary file renamed over it; Traefik's file watcher applies it)",
        ProxyKind.Caddy => $"replace each service's route (@id deployer-<service>) in one admin API request to {proxy.AdminUrl}",
        _ => proxy.Kind.ToString(),
    };
}
