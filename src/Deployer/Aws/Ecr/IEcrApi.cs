namespace Deployer.Aws.Ecr;

/// <summary>The ECR operations Deployer uses (awsJson1_1, target prefix AmazonEC2ContainerRegistry_V20150921).</summary>
public interface IEcrApi
{
    /// <summary>GetAuthorizationToken: the registry endpoint and the decoded user/password (user is always AWS).</summary>
    Task<RegistryCredentials> GetAuthorizationTokenAsync(CancellationToken cancellationToken);

    /// <summary>DescribeRepositories for one name; null when RepositoryNotFoundException.</summary>
    Task<EcrRepository?> DescribeRepositoryAsync(string repositoryName, CancellationToken cancellationToken);

    /// <summary>CreateRepository with scan on push and tag mutability.</summary>
    Task<EcrRepository> CreateRepositoryAsync(string repositoryName, bool scanOnPush, bool immutableTags, CancellationToken cancellationToken);

    /// <summary>DescribeImages for one tag; null when the image or its repository does not exist.</summary>
    Task<EcrImage?> DescribeImageByTagAsync(string repositoryName, string tag, CancellationToken cancellationToken);

    /// <summary>BatchGetImage: the manifest (and its media type) of an image by digest or tag; null when not found.</summary>
    Task<EcrManifest?> GetManifestAsync(string repositoryName, string digestOrTag, CancellationToken cancellationToken);

    /// <summary>PutImage: tags a manifest (no layers move). Succeeds quietly when the tag already points at it.</summary>
    Task<EcrImage> PutImageAsync(string repositoryName, EcrManifest manifest, string tag, CancellationToken cancellationToken);

    /// <summary>
    /// DescribeImageScanFindings for one digest, every page of basic and enhanced findings; null when the image has no
    /// scan yet (ScanNotFoundException).
    /// </summary>
    Task<EcrScanFindings?> DescribeImageScanFindingsAsync(string repositoryName, string digest, CancellationToken cancellationToken);

    /// <summary>StartImageScan for one digest: the scan status ECR answered (IN_PROGRESS when it started).</summary>
    Task<string> StartImageScanAsync(string repositoryName, string digest, CancellationToken cancellationToken);
}

public sealed record RegistryCredentials(string Endpoint, string Username, Secrets.Secret Password, DateTimeOffset? ExpiresAt);

public sealed record EcrRepository(string RepositoryName, string RepositoryArn, string RepositoryUri, string? RegistryId);

public sealed record EcrImage(string RepositoryName, string Digest, IReadOnlyList<string> Tags);

public sealed record EcrManifest(string Manifest, string? MediaType, string Digest);
