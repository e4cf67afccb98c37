using Deployer.Aws.Amplify;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Amplify;

/// <summary>
/// The dry run of an Amplify step: the zip's hash and size, the branch, and whether a job would start (asked of Amplify
/// and the artifact bucket when credentials are there). Reads only.
/// </summary>
public sealed class AmplifyPreviewer(string root, IAmplifyApi? amplify, AmplifyArtifacts? artifacts) : IStepPreviewer
{
    public bool Previews(Step step) => step is DeployAmplifyAppStep;

    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        var deploy = (DeployAmplifyAppStep)step;
        var app = deploy.App;
        if (deploy.RecordedZip is { } recorded)
            return [$"~ branch {app.Branch} of app {app.AppId} ← {recorded} ({(deploy.Rollback ? "rollback" : "promotion")}, no rebuild)"];
        var directory = Path.GetFullPath(app.Artifact, root);
        // A dry run of a checkout that has not built its frontend yet still prints the plan; it says what it could not read.
        if (AmplifyZip.Problem(directory) is { } problem) return [$"(zip not made: {problem}; a deploy needs it)", $"~ branch {app.Branch} of app {app.AppId}"];
        var zip = await AmplifyZip.CreateAsync(directory, cancellationToken);
        var uri = $"s3://{app.ArtifactBucket}/{zip.Key(app.AppId)}";
        return
        [
            $"+ zip {zip.Sha256} ({zip.Files} files, {zip.Bytes.Length} bytes) kept as {uri}",
            $"~ branch {app.Branch} of app {app.AppId}: {await WouldStartAsync(app, uri, cancellationToken)}",
        ];
    }

    private async Task<string> WouldStartAsync(AmplifyAppSpec app, string uri, CancellationToken cancellationToken)
    {
        if (amplify is null || artifacts is null) return "a job starts unless the branch already serves this zip (not checked: no AWS access)";
        try
        {
            var branch = await amplify.GetBranchAsync(app.AppId, app.Branch, cancellationToken);
            var serving = await artifacts.ServingAsync(app.ArtifactBucket, app.AppId, app.Branch, cancellationToken);
            if (serving is not null && serving.Zip == uri && serving.JobId == branch.ActiveJobId) return $"unchanged, serves this zip already (job {serving.JobId}); no job";
            var blocking = (await amplify.ListJobsAsync(app.AppId, app.Branch, 10, cancellationToken)).FirstOrDefault(j => j.InFlight);
            return blocking is null ? "a job starts"
                : $"a job starts after job {AmplifyPendingJobs.Describe(blocking)} is {(app.StopPendingJobs ? "stopped" : "cleared (the deploy refuses while it blocks)")}";
        }
        catch (Exception e) when (e is Aws.AwsServiceException or HttpRequestException or Amazon.Runtime.AmazonServiceException)
        {
            return $"a job starts unless the branch already serves this zip (not checked: {e.Message})";
        }
    }
}
