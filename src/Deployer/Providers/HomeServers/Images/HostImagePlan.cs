using Deployer.Config;
using Deployer.Planning;
using Deployer.Providers.Images;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// Plans one <see cref="ShipImageStep"/> per image and home server that runs it, and, for a host whose platform differs
/// from the image's (a Raspberry Pi), one extra build for that platform. Ship steps are artifacts: every deploy waits
/// for them (a Prepare step is only waited on through a gate, and an environment without migrations has none).
/// </summary>
public static class HostImagePlan
{
    public static void Add(PlanContext context)
    {
        var registry = context.Environment.Registry ?? new RegistrySpec();
        if (registry.Kind == RegistryKind.Ecr) return;
        // ssh has nothing to ship from but this run's build; oci ships a release's push or a promotion's copy.
        if (registry.Kind == RegistryKind.Ssh ? context.Mode != PlanMode.Release : context.Mode == PlanMode.Rollback) return;
        var servers = HomeServersModule.Servers.Of(context.Environment);
        var platformBuilds = new HashSet<string>(StringComparer.Ordinal);
        for (var h = 0; h < servers.Count; h++)
        {
            var server = servers[h];
            var place = ConfigPath.Index($"{ConfigPath.Key("environments", context.EnvironmentName)}.homeServers", h);
            foreach (var name in server.Services.Select(s => s.Image).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                var image = context.Images[name];
                var spec = context.Description.Images[name];
                var platform = server.Platform ?? spec.Platform;
                var (local, source) = (image.ToString(), registry.Kind == RegistryKind.Oci
                    ? context.Mode == PlanMode.Promotion ? StepIds.PromoteImage(name) : StepIds.PushImage(name)
                    : StepIds.BuildImage(name));
                if (registry.Kind == RegistryKind.Ssh && platform != spec.Platform)
                {
                    var variant = image with { Tag = $"{image.Tag}-{Slug(platform)}" };
                    (local, source) = (variant.ToString(), BuildId(name, platform));
                    if (platformBuilds.Add(source))
                        context.Add(new BuildImageStep(source, [], variant, spec with { Platform = platform }, context.RequestedSha), PlanPhase.Artifact);
                }
                context.Add(new ShipImageStep(ShipImageStep.IdFor(name, server.Host), [source], image, local, platform, source, server, registry, place), PlanPhase.Artifact);
            }
        }
    }

    /// <summary><c>build-image:&lt;image&gt;@linux-arm64</c>: the build of an image for a host's own platform.</summary>
    public static string BuildId(string image, string platform) => $"{StepIds.BuildImage(image)}@{Slug(platform)}";

    private static string Slug(string platform) => platform.Replace('/', '-');
}
