using System.Text.Json.Nodes;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// The Caddy route this module owns per service, as Caddy's JSON config spells it: <c>@id deployer-&lt;service&gt;</c> (so the
/// admin API addresses it as <c>/id/…</c>), a host matcher for the service's domain (no matcher, so every request, when it
/// has none), a <c>vars</c> handler naming the container (Caddy refuses unknown keys, vars holds any) and a
/// <c>reverse_proxy</c> to the container's loopback address.
/// </summary>
public static class CaddyRoutes
{
    public static string Id(string service) => $"deployer-{service}";

    public static JsonObject Render(string service, string? domain, Backend backend)
    {
        var route = new JsonObject
        {
            ["@id"] = Id(service),
            ["handle"] = new JsonArray(
                new JsonObject { ["handler"] = "vars", ["deployer_container"] = backend.Container },
                new JsonObject { ["handler"] = "reverse_proxy", ["upstreams"] = new JsonArray(new JsonObject { ["dial"] = backend.Address }) }),
            ["terminal"] = true,
        };
        if (domain is not null) route["match"] = new JsonArray(new JsonObject { ["host"] = new JsonArray(domain) });
        return route;
    }

    /// <summary>The backend a route written by <see cref="Render"/> names; null for any other route.</summary>
    public static Backend? Parse(JsonNode? route)
    {
        var handle = route?["handle"]?.AsArray();
        var container = handle?.FirstOrDefault(h => h?["handler"]?.GetValue<string>() == "vars")?["deployer_container"]?.GetValue<string>();
        var dial = handle?.FirstOrDefault(h => h?["handler"]?.GetValue<string>() == "reverse_proxy")?["upstreams"]?[0]?["dial"]?.GetValue<string>();
        return container is null || dial is null ? null : new Backend(container, dial);
    }
}
