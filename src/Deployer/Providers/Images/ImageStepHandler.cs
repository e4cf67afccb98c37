using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers.Images;

/// <summary>
/// Runs <see cref="BuildImageStep"/> and <see cref="PushImageStep"/>: builds with labels, pushes, and records the digest
/// every later step uses. When the registry already holds this release's tag, both report Unchanged and nothing is
/// built or pushed.
/// </summary>
/// <param name="publisherFor">A publisher whose engine output is logged under the given step.</param>
/// <param name="secrets">The run's secrets: a build argument holding one is passed as a build secret instead (see <see cref="BuildSecrets"/>).</param>
public sealed class ImageStepHandler(IImageRegistry registry, Func<Step, ImagePublisher> publisherFor, string descriptionDirectory, string? source,
    Action<Step, string> log, SecretValues? secrets = null) : IStepHandler
{
    public bool Handles(Step step) => step is BuildImageStep or PushImageStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        try
        {
            return step switch
            {
                BuildImageStep build => await BuildAsync(build, cancellationToken),
                PushImageStep push => await PushAsync(push, state, cancellationToken),
                _ => throw new InvalidOperationException($"{step.Id} is not an image step"),
            };
        }
        catch (Exception e) when (e is ContainerEngineException or Aws.AwsServiceException)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null); // an image in a registry harms nothing; the services are what get rolled back

    private async Task<StepResult> BuildAsync(BuildImageStep step, CancellationToken cancellationToken)
    {
        if (await registry.DigestOfTagAsync(step.Image, cancellationToken) is { } digest)
            return Pushed(Outcome.Unchanged, $"{step.Image} is already in the registry; not rebuilt", step.Image, digest);

        var spec = step.Spec;
        var context = Path.GetFullPath(spec.Context, descriptionDirectory);
        var (buildArgs, buildSecrets) = BuildSecrets.Split(spec.BuildArgs, secrets);
        foreach (var id in buildSecrets.Keys)
            log(step, $"build arg {id} holds a secret: it is passed as a build secret (read it with RUN --mount=type=secret,id={id}), not as --build-arg, which ps and the image history would show");
        var request = new ImageBuildRequest(context)
        {
            Dockerfile = Path.GetFullPath(spec.Dockerfile ?? Path.Combine(spec.Context, "Dockerfile"), descriptionDirectory),
            Target = spec.Target,
            Platform = spec.Platform,
            BuildArgs = buildArgs,
            Secrets = buildSecrets,
            Revision = step.GitSha,
            Source = source,
            Tags = [step.Image.ToString()],
        };
        log(step, $"building {step.Image}");
        await publisherFor(step).BuildAsync(request, cancellationToken);
        return new StepResult(Outcome.Succeeded, $"built {step.Image}", new ImageBuilt(step.Image.ToString()));
    }

    private async Task<StepResult> PushAsync(PushImageStep step, ExecutionState state, CancellationToken cancellationToken)
    {
        var built = state.ResultOf(StepIds.BuildImage(step.Image.Name));
        if (built?.Outcome == Outcome.Unchanged) return built with { Message = $"{step.Image} is already in the registry; not pushed" };
        if (built is null && await registry.DigestOfTagAsync(step.Image, cancellationToken) is { } existing)
            return Pushed(Outcome.Unchanged, $"{step.Image} is already in the registry; not pushed", step.Image, existing);

        await registry.EnsureRepositoryAsync(step.Image, cancellationToken);
        var login = await registry.LoginAsync(cancellationToken);
        var target = registry.PushReference(step.Image);
        log(step, $"pushing to {target}");
        var pushed = await publisherFor(step).PushAsync(step.Image.ToString(), target, login, cancellationToken);
        return Pushed(Outcome.Succeeded, $"pushed {step.Image} as {pushed.Digest}", step.Image, pushed.Digest);
    }

    private static StepResult Pushed(Outcome outcome, string message, ImageRef image, string digest) =>
        new(outcome, message, new ImagePushed($"{image.Repository}@{digest}", digest, image.Tag));
}
