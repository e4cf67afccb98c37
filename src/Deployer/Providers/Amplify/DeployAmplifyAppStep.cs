using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Amplify;

/// <summary>
/// Deploys one Amplify branch from a zip: the build folder's contents, or (promotion/rollback) the zip a recorded release
/// left in the artifact bucket.
/// </summary>
public sealed record DeployAmplifyAppStep(string Id, IReadOnlyList<string> DependsOn, AmplifyAppSpec App) : Step(Id, DependsOn)
{
    /// <summary>Where the description declares the app (<c>environments.staging.amplify[0]</c>), for errors.</summary>
    public string ConfigPath { get; init; } = "amplify";

    /// <summary>The zip (<c>s3://bucket/key</c>) a recorded release deployed: redeployed instead of the build folder.</summary>
    public string? RecordedZip { get; init; }

    /// <summary>Rollback (as opposed to promotion) of <see cref="RecordedZip"/>.</summary>
    public bool Rollback { get; init; }

    public override string Provider => AmplifyModule.Id;
    public override string Summary => RecordedZip is null
        ? $"deploy {App.Artifact} to Amplify app {App.AppId} branch {App.Branch}"
        : $"{(Rollback ? "roll back" : "promote")} Amplify app {App.AppId} branch {App.Branch} to a recorded zip";
    public override IEnumerable<(string, string)> Details()
    {
        if (RecordedZip is { } recorded) yield return (Rollback ? "rollback to" : "promote", recorded);
        else yield return ("package", "contents of the folder at the zip root (index.html checked)");
        yield return ("artifacts", $"s3://{App.ArtifactBucket}/amplify/{App.AppId}/");
        if (App.StopPendingJobs) yield return ("pending jobs", "stopped");
        yield return ("verify", App.Url ?? $"https://{App.Branch}.{App.AppId}.amplifyapp.com");
    }
}
