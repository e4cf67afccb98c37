using Deployer.Aws.Ecr;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Images;

/// <summary>
/// Runs <see cref="PromoteImageStep"/>s: the digest the source environment verified gets this environment's tag, so what
/// ships is byte for byte what passed. Within one registry ECR retags it (BatchGetImage + PutImage); across accounts or
/// regions the blobs the target lacks are copied over the distribution API and the manifest's exact bytes are put, with one
/// ECR login (valid for every registry the role may read). Nothing is built. A tag that already names the digest is Unchanged.
/// </summary>
public sealed class PromoteStepHandler(IEcrApi ecr, EcrRegistry registry, HttpMessageHandler registryTransport, Action<Step, string> log) : IStepHandler
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
        try
        {
            var existing = await ecr.DescribeImageByTagAsync(Name(target.Repository), target.Tag, cancellationToken);
            if (existing?.Digest == digest)
                return Promoted(Outcome.Unchanged, $"{target.Repository}:{target.Tag} already is {Short(digest)}", target, digest, source);
            await registry.EnsureRepositoryAsync(target, cancellationToken);
            if (Host(sourceRepository) == Host(target.Repository))
            {
                log(step, $"tagging {source} as {target.Repository}:{target.Tag}");
                await EcrRetag.CopyAsync(ecr, Name(sourceRepository), digest, Name(target.Repository), target.Tag, cancellationToken);
            }
            else
            {
                log(step, $"copying {source} to {target.Repository}:{target.Tag}");
                var login = await registry.LoginAsync(cancellationToken);
                await new RegistryCopy(registryTransport, message => log(step, message)).CopyAsync(new RegistryEndpoint(registry.ApiAddress(sourceRepository), Name(sourceRepository), login), digest,
                    new RegistryEndpoint(registry.ApiAddress(target.Repository), Name(target.Repository), login), target.Tag, cancellationToken);
            }
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
        new(outcome, message, new ImagePushed($"{target.Repository}@{digest}", digest, target.Tag, source));

    private static string Host(string repository) => repository[..repository.IndexOf('/')];
    private static string Name(string repository) => EcrRegistry.RepositoryName(repository);
    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
