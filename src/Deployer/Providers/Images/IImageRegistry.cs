using Deployer.Planning;

namespace Deployer.Providers.Images;

/// <summary>The registry side of publishing an image: what exists, where to push, and how to log in.</summary>
public interface IImageRegistry
{
    /// <summary>The reference pushes go to (the registry host may be overridden, e.g. a mirror or a local test registry).</summary>
    string PushReference(ImageRef image);

    /// <summary>The digest the registry holds for the image's tag, or null; lets a re-run skip build and push.</summary>
    Task<string?> DigestOfTagAsync(ImageRef image, CancellationToken cancellationToken);

    /// <summary>Creates the repository when the registry needs that (ECR); a no-op elsewhere.</summary>
    Task EnsureRepositoryAsync(ImageRef image, CancellationToken cancellationToken);

    /// <summary>Credentials for the push, or null for an anonymous registry.</summary>
    Task<RegistryLogin?> LoginAsync(CancellationToken cancellationToken);
}
