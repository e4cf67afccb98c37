using Deployer.Config;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>
/// <c>registry: oci</c>: any registry speaking the distribution API, logged in with the description's user and password.
/// It does not look tags up yet, so a re-run builds and pushes again (the push itself skips layers the registry has).
/// </summary>
public sealed class OciImageRegistry(RegistrySpec registry, Func<SecretRef, CancellationToken, Task<Secret>> resolve) : IImageRegistry
{
    public string PushReference(ImageRef image) => $"{image.Repository}:{image.Tag}";

    public Task<string?> DigestOfTagAsync(ImageRef image, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public Task EnsureRepositoryAsync(ImageRef image, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<RegistryLogin?> LoginAsync(CancellationToken cancellationToken) =>
        registry is { Username: { } user, Password: { } password } ? new RegistryLogin(user, await resolve(password, cancellationToken)) : null;
}
