using Deployer.Execution;

namespace Deployer.Providers.Images;

/// <summary>A built image, in the engine's local storage, not yet in any registry.</summary>
public sealed record ImageBuilt(string Local) : StepOutput;

/// <summary>An image in the environment's registry: pinned reference, digest and this release's tag.</summary>
/// <param name="Image">The reference every later step uses, <c>repository@sha256:…</c>.</param>
/// <param name="Source">For a promotion: the verified image it was copied from.</param>
public sealed record ImagePushed(string Image, string Digest, string Tag, string? Source = null) : StepOutput;

/// <summary>A scan the gate passed: the digest scanned and its findings per severity, allow-listed ones left out.</summary>
/// <param name="Allowed">Allow-listed findings present in the image, not counted above.</param>
public sealed record ImageScanned(string Image, string Digest, int Critical, int High, int Medium, int Low, int Informational, int Other, int Allowed)
    : StepOutput;
