using Deployer.Aws.Ecr;

namespace Deployer.Providers.Images;

/// <summary>
/// Promotion without moving layers: BatchGetImage reads the manifest of the verified digest and PutImage tags it again.
/// The digest, and so every layer, stays exactly what was verified.
/// </summary>
public static class EcrRetag
{
    public static Task<EcrImage> TagAsync(IEcrApi ecr, string repository, string digest, string tag, CancellationToken cancellationToken) =>
        CopyAsync(ecr, repository, digest, repository, tag, cancellationToken);

    /// <summary>Tags <paramref name="digest"/> of <paramref name="sourceRepository"/> as <paramref name="tag"/> in <paramref name="targetRepository"/> of the same registry.</summary>
    public static async Task<EcrImage> CopyAsync(IEcrApi ecr, string sourceRepository, string digest, string targetRepository, string tag, CancellationToken cancellationToken)
    {
        var manifest = await ecr.GetManifestAsync(sourceRepository, digest, cancellationToken)
                       ?? throw new ContainerEngineException($"{sourceRepository}@{digest} is not in the registry, so it cannot be promoted");
        var tagged = await ecr.PutImageAsync(targetRepository, manifest, tag, cancellationToken);
        return tagged.Digest == digest
            ? tagged
            : throw new ContainerEngineException($"ECR tagged {targetRepository}:{tag} as {tagged.Digest}, not the promoted {digest}");
    }
}
