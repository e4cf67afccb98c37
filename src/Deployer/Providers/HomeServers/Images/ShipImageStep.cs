using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>
/// Puts one image on one home server before any container there changes. With <see cref="RegistryKind.Ssh"/> the built
/// image is streamed (<c>save | gzip</c> here, <c>gunzip | load</c> there) unless the host already has its id; with
/// <see cref="RegistryKind.Oci"/> the host logs in (password on standard input) and pulls the pushed digest.
/// </summary>
/// <param name="Image">The reference containers on the host run (<c>local/repository:sha</c> for ssh, the pushed repository for oci).</param>
/// <param name="Local">The locally built reference that is streamed (differs from <paramref name="Image"/> for a host's own platform).</param>
/// <param name="Source">The step whose output names the image: the build (ssh) or the push (oci).</param>
/// <param name="Place">The host's description path, named in every refusal.</param>
public sealed record ShipImageStep(string Id, IReadOnlyList<string> DependsOn, ImageRef Image, string Local, string Platform, string Source,
    HomeServerSpec Server, RegistrySpec Registry, string Place) : Step(Id, DependsOn)
{
    public override string Provider => HomeServersModule.Id;

    /// <summary>The name the shipped image id is recorded under in the release (the image's, or <c>image@linux-arm64</c> for a host's own platform).</summary>
    public string RecordAs { get; init; } = Image.Name;

    /// <summary>For a promotion: the source environment's hosts that received the image, asked in order when neither this host nor the runner has it.</summary>
    public IReadOnlyList<ImageOrigin> Origins { get; init; } = [];

    public override string Summary => Registry.Kind == RegistryKind.Oci
        ? $"pull image '{Image.Name}' on {Server.User}@{Server.Host}:{Server.Port} by digest from {Registry.Server}"
        : $"stream image '{Image.Name}' ({Platform}) to {Server.User}@{Server.Host}:{Server.Port} over SSH";

    public override IEnumerable<(string, string)> Details()
    {
        if (Registry.Kind == RegistryKind.Oci)
        {
            yield return ("login", $"{Server.Engine.ToString().ToLowerInvariant()} login --username {Registry.Username} --password-stdin {Registry.Server} (password {Registry.Password})");
            yield return ("pull", $"the digest {Source} recorded, then tag it {Image}");
        }
        else
        {
            if (Source.Length == 0)
            {
                yield return ("promote", $"the image id {Local} the source release recorded; nothing is built");
                yield return ("from", string.Join(", ", ["this host (tag only)", "the runner's engine", .. Origins.Select(o => $"{o} ({o.Place})")]) + ", the first that has it");
            }
            yield return ("stream", $"{Local}: save | gzip → gunzip | {Server.Engine.ToString().ToLowerInvariant()} load (no temporary file on either side)");
            yield return ("skip", "when the host already has this image id (Unchanged)");
        }
        yield return ("check", "the image id on the host equals the one shipped");
    }

    /// <summary><c>ship-image:&lt;image&gt;@&lt;host&gt;</c>.</summary>
    public static string IdFor(string image, string host) => $"ship-image:{image}@{host}";
}
