using Deployer.Artifacts;

namespace Deployer.Providers.StaticSites;

/// <summary>Builds a static site's folder before <see cref="DeployStaticSiteStep"/> uploads it.</summary>
public sealed record BuildStaticSiteStep(string Id, IReadOnlyList<string> DependsOn, string Command, string Output, string OutputSetting)
    : SiteBuildStep(Id, DependsOn, Command, Output, OutputSetting)
{
    public override string Provider => StaticSitesModule.Id;
}
