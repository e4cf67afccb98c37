using Deployer.Execution;

namespace Deployer.Providers.Images;

/// <summary>A built image, in the engine's local storage, not yet in any registry.</summary>
public sealed record ImageBuilt(string Local) : StepOutput;

/// <summary>An image in the environment's registry: pinned reference, digest and this release's tag.</summary>
/// <param name="Image">The reference every later step uses, <c>repository@sha256:…</c>.</param>
/// <param name="Source">For a promotion: the verified image it was copied from.</param>
public sealed record ImagePushed(string Image, string Digest, string Tag, string? Source = null) : StepOutput;
