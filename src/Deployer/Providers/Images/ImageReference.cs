namespace Deployer.Providers.Images;

/// <summary>
/// A parsed image reference <c>[registry/]repository[:tag][@digest]</c>, by Docker's rule: the first path component is
/// a registry when it contains '.' or ':' or is <c>localhost</c>; otherwise the registry is docker.io.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DefaultRegistry = "docker.io";

    /// <summary><c>registry/repository</c>, the name a digest is appended to.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>True for registries on this machine (127.0.0.1, localhost, ::1), which serve plain http in tests.</summary>
    public bool IsLoopback
    {
        get
        {
            var host = Registry.StartsWith('[') ? Registry[..(Registry.IndexOf(']') + 1)] : Registry.Split(':')[0];
            return host is "localhost" or "[::1]" || host.StartsWith("127.", StringComparison.Ordinal);
        }
    }

    /// <summary>This image addressed by digest: <c>registry/repository@sha256:…</c>.</summary>
    public string WithDigest(string digest) => $"{Name}@{digest}";

    /// <summary>This repository with another tag.</summary>
    public string WithTag(string tag) => $"{Name}:{tag}";

    public override string ToString() => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>Parses a reference; throws <see cref="FormatException"/> naming the reference when it is malformed.</summary>
    public static ImageReference Parse(string reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.Any(char.IsWhiteSpace) || reference.Contains("://", StringComparison.Ordinal))
            throw new FormatException($"'{reference}' is not an image reference (expected [registry/]repository[:tag][@sha256:digest]).");
        string? digest = null;
        var rest = reference;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!digest.Contains(':')) throw new FormatException($"'{reference}' has a malformed digest '{digest}'.");
        }
        string registry = DefaultRegistry;
        var slash = rest.IndexOf('/');
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost")
            {
                registry = first;
                rest = rest[(slash + 1)..];
            }
        }
        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }
        if (rest.Length == 0 || tag is "" || rest.Any(c => char.IsAsciiLetterUpper(c)))
            throw new FormatException($"'{reference}' is not an image reference (repository names are lower case; tags are not empty).");
        if (registry == DefaultRegistry && !rest.Contains('/')) rest = "library/" + rest;
        return new ImageReference(registry, rest, tag, digest);
    }
}
