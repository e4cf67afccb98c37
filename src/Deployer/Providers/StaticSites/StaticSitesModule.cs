using Deployer.Artifacts;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.StaticSites;

/// <summary>Static sites on S3 behind CloudFront: sync by content, invalidate and wait, promotion and rollback by retained manifests.</summary>
public sealed class StaticSitesModule : IProviderModule
{
    public const string Id = "staticSites";

    public static readonly Section<IReadOnlyList<StaticSiteSpec>> Sites =
        new(SectionScope.Environment, "staticSites", "Static sites uploaded to S3 and served by CloudFront.", []);

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(BuildStaticSiteStep), typeof(DeployStaticSiteStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Sites];

    public bool Deploys(EnvironmentSpec environment) => Sites.Of(environment).Count > 0;

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) => Deploys(environment);

    public bool NeedsAws(ProviderRequest request) => true;

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, environmentPath) in check.Environments)
        {
            var sites = Sites.Of(env);
            for (var i = 0; i < sites.Count; i++)
            {
                var site = sites[i];
                var path = ConfigPath.Index($"{environmentPath}.staticSites", i);
                if (site.Url is { } url) check.Url(url, $"{path}.url");
                if (string.IsNullOrWhiteSpace(site.Bucket)) check.Report($"{path}.bucket", "names no S3 bucket");
                if (string.IsNullOrWhiteSpace(site.Directory)) check.Report($"{path}.directory", "names no folder");
                if (site.DistributionId is { } d && string.IsNullOrWhiteSpace(d)) check.Report($"{path}.distributionId", "is empty");
                if (site.KeepReleases < 1) check.Report($"{path}.keepReleases", "must keep at least the release being published (1)");
                if (site.InvalidationTimeoutMinutes < 1) check.Report($"{path}.invalidationTimeoutMinutes", "must be at least 1 minute");
                for (var r = 0; r < site.CacheRules.Count; r++)
                    if (site.CacheRules[r] is { CacheControl: null, ContentEncoding: null })
                        check.Report($"{ConfigPath.Index($"{path}.cacheRules", r)}", "sets neither cacheControl nor contentEncoding");
            }
        }
    }

    public void Plan(PlanContext context)
    {
        var sites = Sites.Of(context.Environment);
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var id = $"deploy-static-site:{site.Name}";
            var path = ConfigPath.Index($"environments.{context.EnvironmentName}.staticSites", i);
            var references = OutputReference.In(site.BuildEnv, $"{path}.buildEnv", context);
            // Promotion and rollback publish the manifest the recorded release left serving: no rebuild, no upload from here.
            // Except a promoted build that bakes in stack outputs: the source's files hold the source environment's values.
            var recorded = context.Mode == PlanMode.Release || SiteBuildStep.Rebuilds(context.Mode, site.Build, references) ? null : context.Source?.Targets.GetValueOrDefault(id);
            string[] dependsOn = [];
            if (recorded is null && site.Build is { } command)
            {
                var build = new BuildStaticSiteStep($"build-static-site:{site.Name}", [], command, site.Directory, $"{path}.directory")
                    { Env = site.BuildEnv, Secrets = site.BuildSecrets, EnvSetting = $"{path}.buildEnv", References = references };
                context.Add(build, PlanPhase.Artifact);
                dependsOn = [build.Id];
            }
            context.Add(new DeployStaticSiteStep(id, dependsOn, site) { RecordedManifest = recorded, Rollback = context.Mode == PlanMode.Rollback }, PlanPhase.Deploy);
        }
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        if (record.Result.OutputAs<StaticSitePublished>() is not { } published) return;
        release.Target(record.Step.Id, published.Manifest);
        if (((DeployStaticSiteStep)record.Step).Site.Url is { } url) release.Urls([url]);
    }

    public async Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var steps = context.Steps<DeployStaticSiteStep>();
        if (steps.Count == 0) return;
        var root = Path.GetFullPath(context.Request.DescriptionDirectory);
        var problems = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var path = ConfigPath.Index($"environments.{context.Plan.Environment}.staticSites", i);
            if (steps[i].RecordedManifest is null && !context.DryRun && !SiteBuildStep.Defers(steps[i].Site.Build, steps[i].Site.Directory, root)) problems.AddRange(StaticSiteChecks.Local(steps[i].Site, root, path));
            if (context.Aws is { } aws)
                problems.AddRange(await StaticSiteChecks.RemoteAsync(steps[i].Site, path, aws.S3, aws.CloudFront, cancellationToken));
        }
        if (problems.Count > 0) context.Problem(Id, string.Join("\n  ", problems));
        context.Add(new StaticSitePreviewer(context.Aws?.S3, root));
        if (context.DryRun) return;
        context.Add(SiteBuildHandler.For(Id, root, context, StaticSiteChecks.Folder));
        var clients = context.Aws;
        if (clients is not null) context.Add(new StaticSiteHandler(clients.S3, clients.CloudFront, root, context.Time));
    }
}
