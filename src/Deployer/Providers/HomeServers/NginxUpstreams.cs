using System.Text;
using System.Text.RegularExpressions;

namespace Deployer.Providers.HomeServers;

/// <summary>Where a service's traffic goes: the container and the loopback address its port is published on.</summary>
public sealed record Backend(string Container, string Address);

/// <summary>
/// The nginx include this module owns: one <c>upstream &lt;service&gt;</c> per service, each naming the container behind
/// it, so the file itself says which colour serves. The user's server blocks <c>proxy_pass http://&lt;service&gt;;</c>.
/// </summary>
public static partial class NginxUpstreams
{
    public static string Render(IReadOnlyDictionary<string, Backend> backends)
    {
        var text = new StringBuilder("# Written by deployer: each upstream names the container serving it. Changes here are replaced.\n");
        foreach (var (service, backend) in backends.OrderBy(b => b.Key, StringComparer.Ordinal))
            text.Append($"upstream {service} {{\n    # container {backend.Container}\n    server {backend.Address};\n}}\n");
        return text.ToString();
    }

    /// <summary>The services the file routes; anything not written by <see cref="Render"/> is ignored.</summary>
    public static IReadOnlyDictionary<string, Backend> Parse(string text) =>
        Upstream().Matches(text).ToDictionary(m => m.Groups["service"].Value, m => new Backend(m.Groups["container"].Value, m.Groups["address"].Value), StringComparer.Ordinal);

    [GeneratedRegex(@"upstream\s+(?<service>\S+)\s*\{\s*#\s*container\s+(?<container>\S+)\s+server\s+(?<address>[^;\s]+);", RegexOptions.CultureInvariant)]
    private static partial Regex Upstream();
}
