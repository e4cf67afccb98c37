using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Amplify;

public sealed record DeployAmplifyAppStep(string Id, IReadOnlyList<string> DependsOn, AmplifyAppSpec App) : Step(Id, DependsOn)
{
    public override string Provider => AmplifyModule.Id;
    public override string Summary => $"deploy {App.Artifact} to Amplify app {App.AppId} branch {App.Branch}";
    public override IEnumerable<(string, string)> Details()
    {
        if (App.Build is not null) yield return ("build", App.Build);
        yield return ("package", "contents of the folder at the zip root (index.html checked)");
        yield return ("verify", App.Url ?? $"https://{App.Branch}.{App.AppId}.amplifyapp.com");
    }
}
