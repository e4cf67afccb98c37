using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// The Traefik dynamic config file this module owns at <c>proxy.configPath</c>: per service an HTTP router with rule
/// <c>Host(`domain`)</c> (none when the service has no domain: the user's own routers can name <c>&lt;service&gt;@file</c>)
/// and a load balancer with the live colour's loopback address. The body is JSON, which is YAML too, so the bytes checked
/// against the schema are the bytes Traefik reads; comment lines above it name the container behind each service, since
/// the schema allows no extra keys.
/// </summary>
public static partial class TraefikConfig
{
    // Relaxed: the rule's backticks stay readable (the default encoder writes \u0060, which Traefik reads the same).
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly Lazy<JsonSchema> Schema = new(() =>
    {
        using var stream = typeof(TraefikConfig).Assembly.GetManifestResourceStream("Deployer.Schemas.traefik-v3-file-provider.json")
                           ?? throw new InvalidOperationException("the Traefik schema is not embedded");
        return JsonSchema.FromText(new StreamReader(stream).ReadToEnd());
    });

    /// <summary>The dynamic config routing each service of <paramref name="backends"/> to its container; <paramref name="domains"/> by service.</summary>
    public static string Render(IReadOnlyDictionary<string, Backend> backends, IReadOnlyDictionary<string, string?> domains)
    {
        var routers = new JsonObject();
        var services = new JsonObject();
        var text = new StringBuilder("# Written by deployer: each service names the container serving it. Changes here are replaced.\n");
        foreach (var (service, backend) in backends.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            text.Append($"# container {service} {backend.Container} {backend.Address}\n");
            if (domains.GetValueOrDefault(service) is { } domain)
                routers[service] = new JsonObject { ["rule"] = $"Host(`{domain}`)", ["service"] = service };
            services[service] = new JsonObject
            {
                ["loadBalancer"] = new JsonObject { ["servers"] = new JsonArray(new JsonObject { ["url"] = $"http://{backend.Address}" }) },
            };
        }
        var http = new JsonObject { ["services"] = services };
        if (routers.Count > 0) http["routers"] = routers;
        return text.Append(new JsonObject { ["http"] = http }.ToJsonString(Indented)).Append('\n').ToString();
    }

    /// <summary>The services a file written by <see cref="Render"/> routes; anything else is ignored.</summary>
    public static IReadOnlyDictionary<string, Backend> Parse(string text) =>
        Container().Matches(text).ToDictionary(m => m.Groups["service"].Value, m => new Backend(m.Groups["container"].Value, m.Groups["address"].Value), StringComparer.Ordinal);

    /// <summary>Where <paramref name="text"/> breaks Traefik's v3 file-provider schema (empty when it conforms), one "location: error" each.</summary>
    public static IReadOnlyList<string> Validate(string text)
    {
        var body = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith('#')));
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return [$"not JSON: {e.Message}"];
        }
        var result = Schema.Value.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return [];
        return result.Details.Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct().ToArray();
    }

    [GeneratedRegex(@"^# container (?<service>\S+) (?<container>\S+) (?<address>\S+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Container();
}
