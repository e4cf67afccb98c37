using System.Text.Json.Nodes;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// Follows a Traefik dynamic config as Traefik would for a request to a domain: the router whose rule is
/// <c>Host(`domain`)</c>, its service, that service's first server URL. No Traefik binary is served here, so the tests
/// ask that URL directly.
/// </summary>
public static class TraefikRoutes
{
    public static string UrlOf(string text, string domain)
    {
        var http = JsonNode.Parse(string.Join('\n', text.Split('\n').Where(l => !l.StartsWith('#'))))!["http"]!;
        var router = http["routers"]!.AsObject().Single(r => r.Value!["rule"]!.GetValue<string>() == $"Host(`{domain}`)").Value!;
        return http["services"]![router["service"]!.GetValue<string>()]!["loadBalancer"]!["servers"]![0]!["url"]!.GetValue<string>();
    }
}
