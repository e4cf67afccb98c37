using Deployer.Providers.HomeServers;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// A real proxy on loopback that a load test sends its requests through: nginx (the deploy owns its upstream include)
/// or caddy (switched through its admin API, routed by the service's domain, so every request names that domain as
/// its Host). <see cref="Spec"/> is what the deploy is told; <see cref="Url"/> and <see cref="Domain"/> are what wrk is told.
/// </summary>
public sealed class ProxyUnderLoad : IAsyncDisposable
{
    private readonly NginxProxy? _nginx;
    private readonly CaddyProxy? _caddy;

    private ProxyUnderLoad(ProxySpec spec, Uri url, string? domain, NginxProxy? nginx, CaddyProxy? caddy) =>
        (Spec, Url, Domain, _nginx, _caddy) = (spec, url, domain, nginx, caddy);

    public ProxySpec Spec { get; }
    public Uri Url { get; }
    public string? Domain { get; }
    public string Name => Spec.Kind.ToString().ToLowerInvariant();

    public static async Task<ProxyUnderLoad> StartAsync(ProxyKind kind, string service)
    {
        switch (kind)
        {
            case ProxyKind.Nginx:
                var nginx = new NginxProxy(service);
                return new ProxyUnderLoad(new ProxySpec { Kind = ProxyKind.Nginx, ConfigPath = nginx.Upstreams, NginxConfig = nginx.Config }, nginx.Url, null, nginx, null);
            case ProxyKind.Caddy:
                var caddy = await CaddyProxy.StartAsync();
                return new ProxyUnderLoad(new ProxySpec { Kind = ProxyKind.Caddy, AdminUrl = caddy.AdminUrl }, new Uri($"http://127.0.0.1:{caddy.HttpPort}/"),
                    $"{service}.example.test", null, caddy);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "no binary of this proxy here (Traefik's file is checked against its schema instead)");
        }
    }

    /// <summary>Starts wrk against this proxy, naming the service's domain when the proxy routes by it.</summary>
    public WrkLoad Load() => new(Url, Domain);

    /// <summary>The body the proxy serves now, failing on any status but 2xx.</summary>
    public async Task<string> ServedAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url);
        if (Domain is not null) request.Headers.Host = Domain;
        using var response = await http.SendAsync(request);
        var body = (await response.Content.ReadAsStringAsync()).Trim();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{Name} answered {(int)response.StatusCode}: {body}");
    }

    public async ValueTask DisposeAsync()
    {
        _nginx?.Dispose();
        if (_caddy is not null) await _caddy.DisposeAsync();
    }
}
