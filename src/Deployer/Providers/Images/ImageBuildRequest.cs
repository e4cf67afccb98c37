using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>
/// What to build: a context directory and Dockerfile, an optional target stage and platform, build arguments, labels
/// and tags. <see cref="Revision"/> and <see cref="Source"/> become the OCI labels
/// <c>org.opencontainers.image.revision</c> and <c>org.opencontainers.image.source</c>.
/// </summary>
public sealed record ImageBuildRequest(string ContextDirectory)
{
    public const string RevisionLabel = "org.opencontainers.image.revision";
    public const string SourceLabel = "org.opencontainers.image.source";

    /// <summary>The Dockerfile; null means the engine's default (<c>Dockerfile</c> in the context).</summary>
    public string? Dockerfile { get; init; }

    /// <summary>The stage to build (<c>--target</c>), e.g. <c>runtime</c>.</summary>
    public string? Target { get; init; }

    /// <summary>The platform (<c>--platform</c>), e.g. <c>linux/amd64</c>.</summary>
    public string? Platform { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Build secrets by id, for <c>RUN --mount=type=secret,id=…</c>: never on the command line (where <c>ps</c> shows it)
    /// nor in the image history, as a <c>--build-arg</c> would be. <see cref="ImagePublisher"/> writes each to a 0600 file
    /// for the length of the build.
    /// </summary>
    public IReadOnlyDictionary<string, Secret> Secrets { get; init; } = new Dictionary<string, Secret>();

    /// <summary>The files holding <see cref="Secrets"/> while the engine runs (id → path); set by the publisher.</summary>
    public IReadOnlyDictionary<string, string> SecretFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>Local tags for the built image; at least one, since pushes name their source by tag.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The git commit the image is built from.</summary>
    public string? Revision { get; init; }

    /// <summary>Where the source lives, e.g. <c>https://github.com/acme/app</c>.</summary>
    public string? Source { get; init; }

    /// <summary>The labels the image gets, sorted by name: <see cref="Labels"/> plus the OCI revision and source labels.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AllLabels()
    {
        var labels = new Dictionary<string, string>(Labels);
        if (!string.IsNullOrWhiteSpace(Revision)) labels[RevisionLabel] = Revision;
        if (!string.IsNullOrWhiteSpace(Source)) labels[SourceLabel] = Source;
        return labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToArray();
    }

    /// <summary>A copy with one more tag.</summary>
    public ImageBuildRequest WithTag(string tag) => Tags.Contains(tag) ? this : this with { Tags = [.. Tags, tag] };
}
