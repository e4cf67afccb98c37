using Deployer.Artifacts;

namespace Deployer.Providers.Amplify;

/// <summary>Builds an Amplify app's artifact folder before <see cref="DeployAmplifyAppStep"/> zips and deploys it.</summary>
public sealed record BuildAmplifyAppStep(string Id, IReadOnlyList<string> DependsOn, string Command, string Output, string OutputSetting)
    : SiteBuildStep(Id, DependsOn, Command, Output, OutputSetting)
{
    public override string Provider => AmplifyModule.Id;
}
