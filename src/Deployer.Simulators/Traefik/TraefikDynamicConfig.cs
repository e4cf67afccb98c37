using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deployer.Simulators.Traefik;

/// <summary>A router of a Traefik dynamic config: the hosts its <c>Host(`…`)</c> rule matches and the service it sends them to.</summary>
public sealed record TraefikRouter(string Name, IReadOnlyList<string> Hosts, string Service);

/// <summary>
/// The HTTP part of a Traefik v3 file-provider dynamic config, as much of it as the simulator serves:
/// <c>http.routers.&lt;name&gt;.{rule, service}</c> with rules made of <c>Host(`a`)</c> matchers joined by <c>||</c>, and
/// <c>http.services.&lt;name&gt;.loadBalancer.servers[].url</c>. Parsed by YamlDotNet's own model (not Deployer's reader),
/// so JSON bodies (which are YAML) and block YAML both load, as they do in Traefik.
/// </summary>
public sealed partial record TraefikDynamicConfig(IReadOnlyList<TraefikRouter> Routers, IReadOnlyDictionary<string, IReadOnlyList<Uri>> Services)
{
    /// <summary>What Traefik serves before it has read any file: no routers, so every request is a 404.</summary>
    public static readonly TraefikDynamicConfig Empty = new([], new Dictionary<string, IReadOnlyList<Uri>>());

    /// <summary>The router whose rule matches <paramref name="host"/> (port stripped, case-insensitive, as Traefik's Host matcher), if any.</summary>
    public TraefikRouter? RouterFor(string host) =>
        Routers.FirstOrDefault(r => r.Hosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Reads <paramref name="text"/>; a config Traefik would refuse (not YAML, a router without a service it defines, a
    /// rule other than Host matchers, a server URL that is not absolute) throws <see cref="FormatException"/> naming the place.
    /// An empty file is an empty config.
    /// </summary>
    public static TraefikDynamicConfig Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"not YAML: {e.Message}", e);
        }
        if (stream.Documents.Count == 0) return Empty;
        if (stream.Documents[0].RootNode is not YamlMappingNode root) throw new FormatException("/: not a mapping");
        if (Child(root, "http") is not { } http) return Empty;
        if (http is not YamlMappingNode httpMap) throw new FormatException("/http: not a mapping");

        var services = new Dictionary<string, IReadOnlyList<Uri>>(StringComparer.Ordinal);
        foreach (var (name, service) in Entries(httpMap, "services", "/http/services"))
        {
            var at = $"/http/services/{name}/loadBalancer/servers";
            if (Child(service, "loadBalancer") is not YamlMappingNode balancer || Child(balancer, "servers") is not YamlSequenceNode servers)
                throw new FormatException($"{at}: missing (only loadBalancer services are simulated)");
            services[name] = servers.Children.Select((server, i) =>
                Child(server as YamlMappingNode, "url") is YamlScalarNode { Value: { } url } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http"
                    ? uri
                    : throw new FormatException($"{at}/{i}/url: not an http:// URL")).ToArray();
        }

        var routers = new List<TraefikRouter>();
        foreach (var (name, router) in Entries(httpMap, "routers", "/http/routers"))
        {
            var rule = (Child(router, "rule") as YamlScalarNode)?.Value ?? throw new FormatException($"/http/routers/{name}/rule: missing");
            var target = (Child(router, "service") as YamlScalarNode)?.Value ?? throw new FormatException($"/http/routers/{name}/service: missing");
            if (!services.ContainsKey(target)) throw new FormatException($"/http/routers/{name}/service: no service '{target}' in this file");
            routers.Add(new TraefikRouter(name, HostsOf(rule) ?? throw new FormatException($"/http/routers/{name}/rule: only Host(`…`) || Host(`…`) is simulated, not '{rule}'"), target));
        }
        return new TraefikDynamicConfig(routers, services);
    }

    /// <summary>The hosts of a rule made only of Host matchers joined by ||, else null.</summary>
    private static string[]? HostsOf(string rule)
    {
        var parts = rule.Split("||", StringSplitOptions.TrimEntries);
        var hosts = parts.Select(p => HostMatcher().Match(p)).ToArray();
        return hosts.All(m => m.Success) ? hosts.Select(m => m.Groups["host"].Value).ToArray() : null;
    }

    private static IEnumerable<(string Name, YamlMappingNode Value)> Entries(YamlMappingNode http, string key, string at)
    {
        switch (Child(http, key))
        {
            case null:
                yield break;
            case YamlMappingNode map:
                foreach (var (name, value) in map.Children)
                    yield return (name is YamlScalarNode { Value: { } text } ? text : throw new FormatException($"{at}: a key that is not a name"),
                        value as YamlMappingNode ?? throw new FormatException($"{at}/{name}: not a mapping"));
                break;
            default:
                throw new FormatException($"{at}: not a mapping");
        }
    }

    private static YamlNode? Child(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    [GeneratedRegex(@"^Host\(`(?<host>[^`]+)`\)$", RegexOptions.CultureInvariant)]
    private static partial Regex HostMatcher();
}
