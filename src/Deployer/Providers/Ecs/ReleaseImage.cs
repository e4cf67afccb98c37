using Deployer.Aws.Ecr;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Ecs;

/// <summary>The image a step of this release runs, pinned by digest: services and migration tasks run the same bytes.</summary>
public static class ReleaseImage
{
    /// <summary>
    /// The digest a rollback's ledger entry recorded; the pushed or promoted digest of this run; otherwise the registry's
    /// digest for this release's tag.
    /// </summary>
    /// <exception cref="EcsDeployException">The tag is not in the registry.</exception>
    public static async Task<string> ByDigestAsync(ImageRef image, ExecutionState state, IEcrApi ecr, CancellationToken cancellationToken)
    {
        if (image.Pinned is { } recorded) return recorded;
        foreach (var producer in new[] { StepIds.PushImage(image.Name), StepIds.PromoteImage(image.Name) })
            if (state.OutputOf<Images.ImagePushed>(producer) is { } pushed)
                return pushed.Image;
        var repository = image.Repository[(image.Repository.IndexOf('/') + 1)..];
        var found = await ecr.DescribeImageByTagAsync(repository, image.Tag, cancellationToken)
                    ?? throw new EcsDeployException($"image {image} is not in the registry: run PushImage for this commit first");
        return $"{image.Repository}@{found.Digest}";
    }
}
