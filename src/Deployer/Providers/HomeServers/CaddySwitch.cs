using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Switches Caddy through its admin API (<c>proxy.adminUrl</c> on the host, reached through the SSH connection's port
/// forward). Each service's route is replaced whole by one request on <c>/id/deployer-&lt;service&gt;</c> (the first deploy
/// inserts it at the top of the server's routes). One request is the atomic unit: Caddy builds the complete new config,
/// starts it, and only then stops the old one, whose in-flight requests finish; a config it cannot load leaves the old one
/// running. A request per route rather than <c>POST /load</c> of the whole config leaves every other route (the user's, or
/// another app's) as it is. Caddy autosaves config changed this way, so <c>caddy run --resume</c> keeps the live colour.
/// </summary>
public sealed class CaddySwitch(IHomeHost host, HomeServerSpec server, HttpClient http) : IProxySwitch
{
    private readonly Uri _admin = new(server.Proxy.AdminUrl!);
    private Uri? _forwarded;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Backend>> ReadAsync(CancellationToken cancellationToken)
    {
        var routes = new Dictionary<string, Backend>(StringComparer.Ordinal);
        foreach (var service in server.Services)
            if (CaddyRoutes.Parse(await GetAsync($"id/{CaddyRoutes.Id(service.Name)}", cancellationToken)) is { } backend)
                routes[service.Name] = backend;
        return routes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Backend>> SwitchAsync(IReadOnlyDictionary<string, Backend> current, string service, Backend backend)
    {
        await PutRouteAsync(service, backend, exists: current.ContainsKey(service));
        return new Dictionary<string, Backend>(current, StringComparer.Ordinal) { [service] = backend };
    }

    /// <inheritdoc />
    public async Task RestoreAsync(IReadOnlyDictionary<string, Backend> previous)
    {
        var now = await ReadAsync(CancellationToken.None);
        foreach (var service in server.Services.Select(s => s.Name))
        {
            var wanted = previous.GetValueOrDefault(service);
            if (wanted is null && now.ContainsKey(service)) await SendAsync(HttpMethod.Delete, $"id/{CaddyRoutes.Id(service)}", null);
            else if (wanted is not null && wanted != now.GetValueOrDefault(service)) await PutRouteAsync(service, wanted, now.ContainsKey(service));
        }
    }

    private async Task PutRouteAsync(string service, Backend backend, bool exists)
    {
        var route = CaddyRoutes.Render(service, server.Services.First(s => s.Name == service).Domain, backend);
        if (exists)
        {
            await SendAsync(HttpMethod.Patch, $"id/{CaddyRoutes.Id(service)}", route);
            return;
        }
        var servers = (await GetAsync("config/apps/http/servers", CancellationToken.None))?.AsObject();
        if (servers is not { Count: 1 })
            throw new RemoteCommandException($"on {host.Name}: the caddy at {server.Proxy.AdminUrl} has {servers?.Count ?? 0} HTTP servers ({string.Join(", ", servers?.Select(s => s.Key) ?? [])}); deployer adds its routes to the only one, so it needs exactly one", null!);
        var name = Uri.EscapeDataString(servers.Single().Key);
        if (servers.Single().Value?["routes"] is JsonArray { Count: > 0 })
            await SendAsync(HttpMethod.Put, $"config/apps/http/servers/{name}/routes/0", route);
        else
            await SendAsync(HttpMethod.Put, $"config/apps/http/servers/{name}/routes", new JsonArray(route));
    }

    private async Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, path, null), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound || (!response.IsSuccessStatusCode && body.Contains("unknown object ID", StringComparison.Ordinal))) return null;
        if (!response.IsSuccessStatusCode) throw Refused(HttpMethod.Get, path, response, body);
        return JsonNode.Parse(body);
    }

    private async Task SendAsync(HttpMethod method, string path, JsonNode? body)
    {
        using var response = await http.SendAsync(Request(method, path, body), CancellationToken.None);
        if (!response.IsSuccessStatusCode) throw Refused(method, path, response, await response.Content.ReadAsStringAsync());
    }

    // The forward's local port differs from the admin port, and Caddy refuses a Host it does not expect.
    private HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body)
    {
        var request = new HttpRequestMessage(method, new Uri(_forwarded ??= host.Forward(_admin.Port), path));
        request.Headers.Host = _admin.Authority;
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return request;
    }

    private RemoteCommandException Refused(HttpMethod method, string path, HttpResponseMessage response, string body) =>
        new($"on {host.Name}: caddy's admin API ({server.Proxy.AdminUrl}) refused {method} /{path}: HTTP {(int)response.StatusCode} {body.Trim()}", null!);
}
