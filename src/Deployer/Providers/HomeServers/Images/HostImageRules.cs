using System.Text.RegularExpressions;
using Deployer.Config;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>What the image half of a home server's description must satisfy, each refusal at its config path.</summary>
public static partial class HostImageRules
{
    public static void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
        {
            var servers = HomeServersModule.Servers.Of(env);
            var registry = env.Registry ?? new RegistrySpec();
            if (servers.Count > 0 && registry.Kind == RegistryKind.Oci && (registry.Username is null) != (registry.Password is null))
                check.Report($"{path}.registry.{(registry.Username is null ? "username" : "password")}",
                    "home servers log in to an oci registry with both 'username' and 'password', or pull anonymously with neither");
            for (var h = 0; h < servers.Count; h++)
            {
                if (servers[h].Platform is not { } platform) continue;
                var place = $"{ConfigPath.Index($"{path}.homeServers", h)}.platform";
                if (!Platform().IsMatch(platform))
                    check.Report(place, $"'{platform}' is not a platform: os/architecture[/variant], e.g. linux/arm64");
                else if (registry.Kind != RegistryKind.Ssh && ImagesOf(check, servers[h]).Any(i => i.Platform != platform))
                    check.Report(place, $"a host on {platform} needs images built for it, which this version ships only with 'registry: {{ kind: ssh }}'");
            }
        }
    }

    private static IEnumerable<ImageSpec> ImagesOf(DescriptionCheck check, HomeServerSpec server) =>
        (server.Services ?? []).Select(s => s.Image).OfType<string>().Select(name => check.Description.Images.GetValueOrDefault(name)).OfType<ImageSpec>();

    [GeneratedRegex("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$")]
    private static partial Regex Platform();
}
