using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.StaticSites;

/// <summary>Static sites on S3 behind CloudFront. The description shape and plan exist; execution is not available yet.</summary>
public sealed class StaticSitesModule : IProviderModule
{
    public const string Id = "staticSites";

    public static readonly Section<IReadOnlyList<StaticSiteSpec>> Sites =
        new(SectionScope.Environment, "staticSites", "Static sites uploaded to S3 and served by CloudFront.", []);

    public string Name => Id;
    public bool Available => false;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeployStaticSiteStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Sites];

    public bool Deploys(EnvironmentSpec environment) => Sites.Of(environment).Count > 0;

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) => Deploys(environment);

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
        {
            var sites = Sites.Of(env);
            for (var i = 0; i < sites.Count; i++)
                if (sites[i].Url is { } url) check.Url(url, $"{ConfigPath.Index($"{path}.staticSites", i)}.url");
        }
    }

    public void Plan(PlanContext context)
    {
        foreach (var site in Sites.Of(context.Environment))
            context.Add(new DeployStaticSiteStep($"deploy-static-site:{site.Name}", [], site), PlanPhase.Deploy);
    }

    public void Record(StepRecord record, ReleaseBuilder release) { }

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
