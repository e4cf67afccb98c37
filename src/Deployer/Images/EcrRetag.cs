using Deployer.Aws.Ecr;

namespace Deployer.Images;

/// <summary>
/// Promotion without moving layers: BatchGetImage reads the manifest of the verified digest and PutImage tags it again.
/// The digest, and so every layer, stays exactly what was verified.
/// </summary>
public static class EcrRetag
{
    public static async Task<EcrImage> TagAsync(IEcrApi ecr, string repository, string digest, string tag, CancellationToken cancellationToken)
    {
        var manifest = await ecr.GetManifestAsync(repository, digest, cancellationToken)
                       ?? throw new ContainerEngineException($"{repository}@{digest} is not in the registry, so it cannot be promoted");
        var tagged = await ecr.PutImageAsync(repository, manifest, tag, cancellationToken);
        return tagged.Digest == digest
            ? tagged
            : throw new ContainerEngineException($"ECR tagged {repository}:{tag} as {tagged.Digest}, not the promoted {digest}");
    }
}
