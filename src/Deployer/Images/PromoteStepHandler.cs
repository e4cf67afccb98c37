using Deployer.Aws.Ecr;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Images;

/// <summary>
/// Runs <see cref="PromoteImageStep"/>s: the digest the source environment verified gets this environment's tag in ECR,
/// so what ships is byte for byte what passed. Nothing is built or pulled. A tag that already names the digest is Unchanged.
/// </summary>
public sealed class PromoteStepHandler(IEcrApi ecr, Action<Step, string> log) : IStepHandler
{
    public bool Handles(Step step) => step is PromoteImageStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var promote = (PromoteImageStep)step;
        if (promote.Source is not { } source)
            return StepResult.Of(Outcome.Failed, $"no release of {promote.FromEnvironment} to promote");
        var at = source.LastIndexOf('@');
        var (sourceRepository, digest) = (source[..at], source[(at + 1)..]);
        var target = promote.Image;
        if (Host(sourceRepository) != Host(target.Repository))
            return StepResult.Of(Outcome.Failed,
                $"{source} is in another registry than {target.Repository}; promotion across registries (accounts or regions) is not available yet: " +
                "let both environments use one ECR registry, or replicate the repository with ECR replication");
        try
        {
            var existing = await ecr.DescribeImageByTagAsync(Name(target.Repository), target.Tag, cancellationToken);
            if (existing?.Digest == digest)
                return Promoted(Outcome.Unchanged, $"{target.Repository}:{target.Tag} already is {Short(digest)}", target, digest, source);
            if (await ecr.DescribeRepositoryAsync(Name(target.Repository), cancellationToken) is null)
                await ecr.CreateRepositoryAsync(Name(target.Repository), scanOnPush: true, immutableTags: false, cancellationToken);
            log(step, $"tagging {source} as {target.Repository}:{target.Tag}");
            await EcrRetag.CopyAsync(ecr, Name(sourceRepository), digest, Name(target.Repository), target.Tag, cancellationToken);
            return Promoted(Outcome.Succeeded, $"{target.Repository}:{target.Tag} → {Short(digest)} (from {promote.FromEnvironment} release {promote.SourceRelease})", target, digest, source);
        }
        catch (Exception e) when (e is ContainerEngineException or Aws.AwsServiceException)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null); // a tag on a verified digest harms nothing; the services are what get rolled back

    private static StepResult Promoted(Outcome outcome, string message, ImageRef target, string digest, string source) =>
        new(outcome, message, new Dictionary<string, string>
        {
            ["image"] = $"{target.Repository}@{digest}",
            ["digest"] = digest,
            ["tag"] = target.Tag,
            ["source"] = source,
        });

    private static string Host(string repository) => repository[..repository.IndexOf('/')];
    private static string Name(string repository) => repository[(repository.IndexOf('/') + 1)..];
    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
