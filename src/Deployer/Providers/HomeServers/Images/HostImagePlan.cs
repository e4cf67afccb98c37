using Deployer.Config;
using Deployer.Execution;
using Deployer.Releases;
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
        // A rollback starts retained containers; ssh ships this run's build or, in a promotion, the image ids the source
        // release recorded; oci ships a release's push or a promotion's copy.
        if (context.Mode == PlanMode.Rollback) return;
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
                var recordAs = platform == spec.Platform ? name : $"{name}@{Slug(platform)}";
                if (registry.Kind == RegistryKind.Ssh && context.Mode == PlanMode.Promotion)
                {
                    // Nothing is built: the host gets the very image staging ran, by the id its release recorded.
                    if (context.Source?.Images.GetValueOrDefault(recordAs) is not { } recorded)
                        throw new PlanningException($"{place}: release {context.Source?.Id} of {context.Source?.Environment} recorded no image id of '{name}' for {platform}, so there is nothing to promote to {server.Host}");
                    var id = Planner.Digest(recorded);
                    context.Add(new ShipImageStep(ShipImageStep.IdFor(name, server.Host), [], image, id["sha256:".Length..], platform, "", server, registry, place)
                        { RecordAs = recordAs, Origins = Origins(context, name) }, PlanPhase.Artifact);
                    continue;
                }
                if (registry.Kind == RegistryKind.Ssh && platform != spec.Platform)
                {
                    var variant = image with { Tag = $"{image.Tag}-{Slug(platform)}" };
                    (local, source) = (variant.ToString(), BuildId(name, platform));
                    if (platformBuilds.Add(source))
                        context.Add(new BuildImageStep(source, [], variant, spec with { Platform = platform }, context.RequestedSha), PlanPhase.Artifact);
                }
                context.Add(new ShipImageStep(ShipImageStep.IdFor(name, server.Host), [source], image, local, platform, source, server, registry, place) { RecordAs = recordAs },
                    PlanPhase.Artifact);
            }
        }
    }

    /// <summary>
    /// With <c>registry: ssh</c> no registry remembers what ran, so the release records each shipped image id (under
    /// <see cref="ShipImageStep.RecordAs"/>) for a promotion to ship the same image on.
    /// </summary>
    public static void Record(StepRecord record, ReleaseBuilder release)
    {
        if (record is { Step: ShipImageStep { Registry.Kind: RegistryKind.Ssh } ship, Result.Outcome: Outcome.Succeeded or Outcome.Unchanged }
            && record.Result.OutputAs<HostImageShipped>() is { } shipped)
        {
            release.Image(ship.RecordAs, $"{ship.Image.Repository}@{shipped.ImageId}");
            // Which host received it: a promotion streams from there when the runner that built it is gone.
            release.Target(ship.Id, shipped.Host);
        }
    }

    /// <summary>
    /// The source environment's hosts that run <paramref name="image"/>: those its release records as having received it
    /// first, then the others (a release recorded before hosts were recorded names none).
    /// </summary>
    private static IReadOnlyList<ImageOrigin> Origins(PlanContext context, string image)
    {
        if (context.Source is not { } source || !context.Description.Environments.TryGetValue(source.Environment, out var environment)) return [];
        var servers = HomeServersModule.Servers.Of(environment);
        var environmentPath = ConfigPath.Key("environments", source.Environment);
        return servers
            .Select((server, h) => new ImageOrigin(server, ConfigPath.Index($"{environmentPath}.homeServers", h)))
            .Where(o => o.Server.Services.Any(s => s.Image == image))
            .OrderBy(o => source.Targets.ContainsKey(ShipImageStep.IdFor(image, o.Server.Host)) ? 0 : 1)
            .ToList();
    }

    /// <summary><c>build-image:&lt;image&gt;@linux-arm64</c>: the build of an image for a host's own platform.</summary>
    public static string BuildId(string image, string platform) => $"{StepIds.BuildImage(image)}@{Slug(platform)}";

    private static string Slug(string platform) => platform.Replace('/', '-');
}
