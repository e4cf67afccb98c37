using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Images;

public sealed record BuildImageStep(string Id, IReadOnlyList<string> DependsOn, ImageRef Image, ImageSpec Spec, string GitSha) : Step(Id, DependsOn)
{
    public override string Provider => ImagesModule.Id;
    public override string Summary => $"build image '{Image.Name}' from {Spec.Dockerfile ?? Spec.Context.TrimEnd('/') + "/Dockerfile"}";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("context", Spec.Context);
        if (Spec.Target is not null) yield return ("stage", Spec.Target);
        yield return ("platform", Spec.Platform);
        foreach (var (key, value) in Spec.BuildArgs) yield return ($"build-arg {key}", value);
        yield return ("label", $"org.opencontainers.image.revision={GitSha}");
    }
}

public sealed record PushImageStep(string Id, IReadOnlyList<string> DependsOn, ImageRef Image, RegistryKind Registry) : Step(Id, DependsOn)
{
    public override string Provider => ImagesModule.Id;
    public override string Summary => Registry == RegistryKind.Ssh
        ? $"copy image '{Image.Name}' to the home servers over SSH"
        : $"push image '{Image.Name}' to {Image}";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("skip", "when the tag already exists (Unchanged)");
        yield return ("then", "every later step uses the pushed digest");
    }
}

/// <param name="Image">Where the image goes: this environment's repository and tag.</param>
/// <param name="Source">The verified image, <c>repository@digest</c>, from the source release; null when the ledger was not read (a dry run without it).</param>
/// <param name="SourceRelease">Ledger id of the release being promoted.</param>
public sealed record PromoteImageStep(string Id, IReadOnlyList<string> DependsOn, ImageRef Image, string FromEnvironment, string? Source = null, string? SourceRelease = null)
    : Step(Id, DependsOn)
{
    public override string Provider => ImagesModule.Id;
    public override string Summary => Source is null
        ? $"promote image '{Image.Name}': the digest of {FromEnvironment}'s last successful release, retagged as {Image.Tag} (no rebuild)"
        : $"promote image '{Image.Name}': {Source} from {FromEnvironment} release {SourceRelease}, tagged {Image.Repository}:{Image.Tag} (no rebuild)";
}
