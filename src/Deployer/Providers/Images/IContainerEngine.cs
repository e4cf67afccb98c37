namespace Deployer.Providers.Images;

/// <summary>
/// One container engine's command line. Implementations only render <see cref="ContainerCommand"/>s and parse their
/// output; they never start processes. References are <c>registry/repository:tag</c> or <c>…@sha256:digest</c>.
/// </summary>
public interface IContainerEngine
{
    /// <summary>docker, podman or buildah.</summary>
    string Name { get; }

    /// <summary>True when <see cref="Push"/> writes the pushed manifest digest to its digest file; otherwise read it with <see cref="Inspect"/> (RepoDigests).</summary>
    bool WritesDigestFile { get; }

    /// <summary><c>&lt;engine&gt; --version</c>, which succeeds when the engine is installed.</summary>
    ContainerCommand Version();

    /// <summary>Builds the image described by <paramref name="request"/> into local storage under its tags.</summary>
    ContainerCommand Build(ImageBuildRequest request);

    /// <summary>Pushes a local image to a registry.</summary>
    /// <param name="localReference">The image in local storage.</param>
    /// <param name="remoteReference">registry/repository:tag to push to.</param>
    /// <param name="authFile">Credentials: a <see cref="RegistryAuthFile"/>'s path.</param>
    /// <param name="digestFile">Where the pushed manifest digest is written, when <see cref="WritesDigestFile"/>.</param>
    /// <param name="tlsVerify">False for plain-http registries (127.0.0.1 in tests).</param>
    ContainerCommand Push(string localReference, string remoteReference, string authFile, string digestFile, bool tlsVerify);

    /// <summary>Pulls an image from a registry into local storage.</summary>
    ContainerCommand Pull(string remoteReference, string authFile, bool tlsVerify);

    /// <summary>Adds the name <paramref name="targetReference"/> to a local image.</summary>
    ContainerCommand Tag(string sourceReference, string targetReference);

    /// <summary>Prints a local image's metadata as JSON; read it with <see cref="ParseInspect"/>.</summary>
    ContainerCommand Inspect(string localReference);

    /// <summary>The labels, id and repo digests from <see cref="Inspect"/>'s output.</summary>
    ImageInspection ParseInspect(string output);
}
