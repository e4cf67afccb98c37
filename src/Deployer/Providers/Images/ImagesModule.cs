using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.Images;

/// <summary>
/// Images: a release builds and pushes each image the environment deploys (only those); a promotion retags or copies the
/// digests the source environment verified; a rollback ships recorded digests and adds no step.
/// </summary>
public sealed class ImagesModule : IProviderModule
{
    public const string Id = "images";

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(BuildImageStep), typeof(PushImageStep), typeof(PromoteImageStep), typeof(ScanImageStep)];

    public static readonly Section<ScanSpec?> Scan = new(SectionScope.Environment, "scan",
        "Scan gate: the ECR scan findings each image may have before anything deploys (checked again on promotion).", null);

    public IReadOnlyList<ISection> Sections { get; } = [Scan];

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
            if (Scan.Of(env) is { } scan)
                ScanRules.Check(scan, $"{path}.scan", check);
        foreach (var (name, image) in check.Description.Images)
            if (image.Scan is { } own)
                ScanRules.Check(own, $"images.{name}.scan", check);
    }

    public void Plan(PlanContext context)
    {
        foreach (var (name, image) in context.Images)
            switch (context.Mode)
            {
                case PlanMode.Release:
                    var build = new BuildImageStep(StepIds.BuildImage(name), [], image, context.Description.Images[name], context.RequestedSha);
                    context.Add(build, PlanPhase.Artifact);
                    // With registry ssh there is nothing to push to (nor a registry that scans): the home servers' ship steps stream the build.
                    if (RegistryOf(context.Environment).Kind != RegistryKind.Ssh)
                    {
                        context.Add(new PushImageStep(StepIds.PushImage(name), [build.Id], image, RegistryOf(context.Environment).Kind), PlanPhase.Artifact);
                        PlanScan(context, name, image, StepIds.PushImage(name));
                    }
                    break;
                case PlanMode.Promotion:
                    // With registry ssh there is no registry to promote in: the home servers' ship steps send the recorded image ids.
                    if (RegistryOf(context.Environment).Kind == RegistryKind.Ssh) break;
                    context.Add(new PromoteImageStep(StepIds.PromoteImage(name), [], image, context.Environment.PromotesFrom!,
                        context.Source?.Images[name], context.Source?.Id), PlanPhase.Artifact);
                    // New CVEs appear after staging: the digest is judged again where it is about to run.
                    PlanScan(context, name, image, StepIds.PromoteImage(name));
                    break;
            }
    }

    /// <summary>The scan gate after <paramref name="shippedBy"/>, last in the artifact phase, so every deploy waits for it.</summary>
    private static void PlanScan(PlanContext context, string name, ImageRef image, string shippedBy)
    {
        // An environment scans when it has a scan section; an image with its own judges by its own threshold there.
        if (Scan.Of(context.Environment) is not { } scan || RegistryOf(context.Environment).Kind != RegistryKind.Ecr) return;
        var own = context.Description.Images.GetValueOrDefault(name)?.Scan;
        context.Add(new ScanImageStep($"scan-image:{name}", [shippedBy], image, shippedBy, context.EnvironmentName, ScanPolicy.From(own ?? scan),
            own is null ? $"environments.{context.EnvironmentName}.scan" : $"images.{name}.scan"), PlanPhase.Artifact);
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        if (Shipped(record) is var (name, pushed)) release.Image(name, pushed.Image);
        if (record.Step is ScanImageStep scan && record.Result.OutputAs<ImageScanned>() is { } s)
            release.Scan(scan.Image.Name, new ScanRecord(s.Digest, s.Critical, s.High, s.Medium, s.Low, s.Informational, s.Other, s.Allowed,
                record.Result.Outcome == Outcome.Succeeded));
    }

    public IReadOnlyList<string> ActionCollections { get; } = ["images", "digests"];

    public void Publish(StepRecord record, Output.ActionOutputs outputs)
    {
        if (Shipped(record) is not var (name, pushed)) return;
        outputs.Collect("images", name, pushed.Image);
        outputs.Collect("digests", name, pushed.Digest);
    }

    /// <summary>The image a push or promotion put into the environment's registry, by its name in the description.</summary>
    private static (string Name, ImagePushed Pushed)? Shipped(StepRecord record) => (record.Step, record.Result.OutputAs<ImagePushed>()) switch
    {
        (PushImageStep push, { } pushed) => (push.Image.Name, pushed),
        (PromoteImageStep promote, { } pushed) => (promote.Image.Name, pushed),
        _ => null,
    };

    public bool NeedsAws(ProviderRequest request) =>
        request.Plan.Steps.Any(s => s is PromoteImageStep or ScanImageStep) ||
        (request.Plan.Steps.Any(s => s is BuildImageStep or PushImageStep) && RegistryOf(request).Kind == RegistryKind.Ecr);

    public async Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        if (context.DryRun) return;
        var registry = RegistryOf(context.Request);
        var ecrHost = context.Environment.GetValueOrDefault("DEPLOYER_ECR_REGISTRY");
        if (context.Steps<BuildImageStep>().Count + context.Steps<PushImageStep>().Count > 0)
        {
            try
            {
                var engine = await EngineAsync(context, cancellationToken);
                var run = context.Aws;
                var resolver = context.SecretResolver();
                IImageRegistry target = registry.Kind switch
                {
                    RegistryKind.Ecr => new EcrRegistry(run!.Ecr, context.Secrets, ecrHost, registry.ImmutableTags),
                    RegistryKind.Oci => new OciImageRegistry(registry, resolver.ResolveAsync),
                    _ => new LocalImageStore(),
                };
                ImagePublisher PublisherFor(Step step) => new(engine, new ContainerCommandRunner(line => context.Request.Log(step, line), context.Secrets));
                context.Add(new ImageStepHandler(target, PublisherFor, context.Request.DescriptionDirectory, SourceUrl(context.Environment), context.Request.Log, context.Secrets));
            }
            catch (ContainerEngineException e)
            {
                context.Problem("container", e.Message);
            }
        }
        if (context.Steps<PromoteImageStep>().Count > 0 && context.Aws is { } aws)
        {
            var ecr = new EcrRegistry(aws.Ecr, context.Secrets, ecrHost, registry.ImmutableTags);
            var transport = context.Own(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
            context.Add(new PromoteStepHandler(aws.Ecr, ecr, transport, context.Request.Log));
        }
        if (context.Steps<ScanImageStep>().Count > 0 && context.Aws is { } scanAws)
            context.Add(new ImageScanHandler(scanAws.Ecr, context.Time, context.Request.Log, context.Options.Polling.MaximumInterval));
    }

    /// <summary>The run's local engine: chosen by option or environment, else detected.</summary>
    internal static async Task<IContainerEngine> EngineAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var options = EngineOptions(context);
        return options.Engine is { } name
            ? ContainerEngineDetector.Create(name, options)
            : await ContainerEngineDetector.DetectAsync(options, new ContainerCommandRunner(_ => { }, context.Secrets), cancellationToken);
    }

    /// <summary>How the run's engine is invoked (storage flags included), from the options or the environment.</summary>
    internal static ContainerEngineOptions EngineOptions(ProviderContext context)
    {
        var options = context.Options.ContainerEngine ?? ContainerEngineOptions.FromEnvironment(context.Environment);
        return context.Options.ContainerEngineName is { } chosen ? options with { Engine = chosen } : options;
    }

    /// <summary>The repository URL for the image's source label, inside GitHub Actions.</summary>
    private static string? SourceUrl(IReadOnlyDictionary<string, string> environment) =>
        environment.GetValueOrDefault("GITHUB_SERVER_URL") is { } server && environment.GetValueOrDefault("GITHUB_REPOSITORY") is { } repository
            ? $"{server}/{repository}"
            : null;

    private static RegistrySpec RegistryOf(ProviderRequest request) => RegistryOf(request.Description.Environments[request.Plan.Environment]);

    private static RegistrySpec RegistryOf(EnvironmentSpec environment) => environment.Registry ?? new RegistrySpec();
}
