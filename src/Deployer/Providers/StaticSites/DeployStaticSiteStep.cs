using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.StaticSites;

public sealed record DeployStaticSiteStep(string Id, IReadOnlyList<string> DependsOn, StaticSiteSpec Site) : Step(Id, DependsOn)
{
    public override string Provider => StaticSitesModule.Id;
    public override string Summary => $"upload {Site.Directory} to s3://{Site.Bucket}/{Site.Prefix}" +
                                      (Site.DistributionId is null ? "" : $" and invalidate CloudFront {Site.DistributionId}");
    public override IEnumerable<(string, string)> Details()
    {
        if (Site.Build is not null) yield return ("build", Site.Build);
        yield return ("cache-control", Site.CacheControl + " (index.html: no-cache)");
        yield return ("prune", Site.Prune ? "delete objects no longer in the folder" : "keep old objects");
    }
}
