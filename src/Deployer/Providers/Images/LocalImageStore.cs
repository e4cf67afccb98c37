using Deployer.Planning;

namespace Deployer.Providers.Images;

/// <summary>
/// <c>registry: ssh</c>: there is no registry; images stay in the local engine until the home servers' ship steps stream
/// them. Nothing is pushed, so nothing can be found there either: every release builds.
/// </summary>
public sealed class LocalImageStore : IImageRegistry
{
    public string PushReference(ImageRef image) => image.ToString();

    public Task<string?> DigestOfTagAsync(ImageRef image, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task EnsureRepositoryAsync(ImageRef image, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<RegistryLogin?> LoginAsync(CancellationToken cancellationToken) => Task.FromResult<RegistryLogin?>(null);
}
