using Deployer.Execution;

namespace Deployer.Providers.HomeServers.Images;

/// <summary>An image present on a home server: the reference its containers run, pinned by the image id the host reports.</summary>
/// <param name="Host">user@host:port.</param>
/// <param name="Image">The reference tagged on the host.</param>
/// <param name="ImageId">The image id on the host (<c>sha256:…</c>), equal to the one shipped.</param>
/// <param name="Digest">For a registry pull: the manifest digest pulled.</param>
/// <param name="BytesSent">Compressed bytes streamed over SSH; 0 when the host had the image or pulled it.</param>
public sealed record HostImageShipped(string Host, string Image, string ImageId, string? Digest, long BytesSent) : StepOutput;
