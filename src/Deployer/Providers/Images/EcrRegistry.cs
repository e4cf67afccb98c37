using Deployer.Aws.Ecr;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>
/// ECR as an <see cref="IImageRegistry"/>: DescribeImages tells whether this release's tag exists, CreateRepository (scan
/// on push) makes the repository, GetAuthorizationToken logs in. <paramref name="pushHost"/> replaces the registry host for
/// pushes (DEPLOYER_ECR_REGISTRY), which tests and mirrors use; references recorded for ECS keep the ECR name.
/// </summary>
public sealed class EcrRegistry(IEcrApi ecr, SecretValues secrets, string? pushHost = null, bool immutableTags = false) : IImageRegistry
{
    public string PushReference(ImageRef image) =>
        pushHost is null ? image.ToString() : $"{pushHost}/{RepositoryName(image)}:{image.Tag}";

    public async Task<string?> DigestOfTagAsync(ImageRef image, CancellationToken cancellationToken) =>
        (await ecr.DescribeImageByTagAsync(RepositoryName(image), image.Tag, cancellationToken))?.Digest;

    public async Task EnsureRepositoryAsync(ImageRef image, CancellationToken cancellationToken)
    {
        if (await ecr.DescribeRepositoryAsync(RepositoryName(image), cancellationToken) is null)
            await ecr.CreateRepositoryAsync(RepositoryName(image), scanOnPush: true, immutableTags, cancellationToken);
    }

    public async Task<RegistryLogin?> LoginAsync(CancellationToken cancellationToken)
    {
        var credentials = await ecr.GetAuthorizationTokenAsync(cancellationToken);
        secrets.Add(credentials.Password);
        return new RegistryLogin(credentials.Username, credentials.Password);
    }

    /// <summary>
    /// The distribution API address of the registry serving <paramref name="repository"/> (<c>host/name</c>): https, or
    /// the push host override, which tests run on loopback over plain http.
    /// </summary>
    public Uri ApiAddress(string repository)
    {
        var host = pushHost ?? repository[..repository.IndexOf('/')];
        var loopback = host.StartsWith("127.", StringComparison.Ordinal) || host.StartsWith("localhost", StringComparison.Ordinal);
        return new Uri($"{(loopback ? "http" : "https")}://{host}/");
    }

    /// <summary>The repository name inside the registry: everything after the host.</summary>
    public static string RepositoryName(ImageRef image) => RepositoryName(image.Repository);

    /// <summary>The repository name of <c>host/name</c>.</summary>
    public static string RepositoryName(string repository) => repository[(repository.IndexOf('/') + 1)..];
}
