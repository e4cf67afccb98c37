using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Switches Traefik through its file provider: the whole dynamic config is rendered, checked against Traefik's v3
/// file-provider schema (a config that fails is never written), written beside <c>proxy.configPath</c> and renamed over
/// it. Traefik's file watcher sees the rename and applies the new config whole; requests already forwarded finish on the
/// old container during the drain.
/// </summary>
public sealed class TraefikSwitch(IHomeHost host, HomeServerSpec server) : IProxySwitch
{
    private string File => server.Proxy.ConfigPath!;

    private IReadOnlyDictionary<string, string?> Domains => server.Services.ToDictionary(s => s.Name, s => s.Domain, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Backend>> ReadAsync(CancellationToken cancellationToken) =>
        await RemoteFile.ReadAsync(host, File, cancellationToken) is { } text ? TraefikConfig.Parse(text) : new Dictionary<string, Backend>();

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Backend>> SwitchAsync(IReadOnlyDictionary<string, Backend> current, string service, Backend backend)
    {
        var next = new Dictionary<string, Backend>(current, StringComparer.Ordinal) { [service] = backend };
        await WriteAsync(next);
        return next;
    }

    /// <inheritdoc />
    public Task RestoreAsync(IReadOnlyDictionary<string, Backend> previous) => WriteAsync(previous);

    private async Task WriteAsync(IReadOnlyDictionary<string, Backend> routes)
    {
        var text = TraefikConfig.Render(routes, Domains);
        if (TraefikConfig.Validate(text) is { Count: > 0 } errors)
            throw new RemoteCommandException($"on {host.Name}: the Traefik config for {File} breaks Traefik's v3 file-provider schema ({string.Join("; ", errors)}); it was not written", null!);
        await RemoteFile.ReplaceAsync(host, File, text);
    }
}
