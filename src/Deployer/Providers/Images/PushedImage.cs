namespace Deployer.Providers.Images;

/// <summary>An image in a registry, addressed by digest: <paramref name="Reference"/> is <c>registry/repository@sha256:…</c>.</summary>
public sealed record PushedImage(string Reference, string Digest);
