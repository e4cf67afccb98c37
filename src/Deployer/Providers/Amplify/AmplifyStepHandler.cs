using Deployer.Aws;
using Deployer.Aws.Amplify;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Amplify;

/// <summary>
/// Runs Amplify steps: zip (or read back a recorded zip), skip when the branch already serves it, clear jobs left
/// in flight, CreateDeployment → PUT zip → StartDeployment, wait on GetJob, check the branch URL serves the deployed
/// index.html, and mark what the branch serves. Compensates by redeploying the zip served before.
/// </summary>
public sealed class AmplifyStepHandler(IAmplifyApi amplify, AmplifyArtifacts artifacts, AmplifySiteCheck site, string root, TimeProvider time,
    TimeSpan? pollInterval = null) : IStepHandler
{
    private readonly TimeSpan _interval = pollInterval ?? TimeSpan.FromSeconds(5);

    public bool Handles(Step step) => step is DeployAmplifyAppStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var deploy = (DeployAmplifyAppStep)step;
        var app = deploy.App;
        try
        {
            AmplifyZip zip;
            if (deploy.RecordedZip is { } recorded) zip = await artifacts.ReadAsync(recorded, cancellationToken);
            else
            {
                var directory = Path.GetFullPath(app.Artifact, root);
                // Checked before the run too; found here (the folder changed since) it is still the description's mistake: exit 2.
                if (AmplifyZip.Problem(directory) is { } problem)
                    return StepResult.Of(Outcome.InvalidInput, $"{deploy.ConfigPath}.artifact: {problem}; nothing deployed");
                zip = await AmplifyZip.CreateAsync(directory, cancellationToken);
            }
            var branch = await amplify.GetBranchAsync(app.AppId, app.Branch, cancellationToken);
            var url = app.Url is { } configured ? new Uri(configured)
                : new Uri($"https://{app.Branch}.{(await amplify.GetAppAsync(app.AppId, cancellationToken)).DefaultDomain}/");
            var serving = await artifacts.ServingAsync(app.ArtifactBucket, app.AppId, app.Branch, cancellationToken);
            var uri = $"s3://{app.ArtifactBucket}/{zip.Key(app.AppId)}";
            if (serving is not null && serving.Zip == uri && serving.JobId == branch.ActiveJobId)
                return new StepResult(Outcome.Unchanged, $"branch {app.Branch} already serves {zip.Sha256[..12]} (job {serving.JobId}); no job started",
                    new AmplifyDeployed(null, uri, url.ToString(), zip.Bytes.Length, serving.Zip));
            return await DeployAsync(deploy, zip, url, serving?.Zip, cancellationToken);
        }
        catch (AwsServiceException e)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
    }

    private async Task<StepResult> DeployAsync(DeployAmplifyAppStep deploy, AmplifyZip zip, Uri url, string? previous, CancellationToken cancellationToken)
    {
        var app = deploy.App;
        var cleared = await new AmplifyPendingJobs(amplify, time, _interval).ClearAsync(app, cancellationToken);
        if (cleared.Refusal is { } refusal) return StepResult.Of(Outcome.Failed, refusal);
        var stopped = cleared.Stopped.Count == 0 ? "" : $"; stopped {string.Join(", ", cleared.Stopped.Select(AmplifyPendingJobs.Describe))} left by an earlier run";
        var kept = await artifacts.KeepAsync(app.ArtifactBucket, app.AppId, zip, cancellationToken);
        var created = await amplify.CreateDeploymentAsync(app.AppId, app.Branch, cancellationToken);
        var jobId = created.JobId ?? throw new InvalidDataException("Amplify CreateDeployment returned no jobId.");
        (AmplifyWaitVerdict Verdict, AmplifyJob Job) settled;
        try
        {
            await amplify.UploadZipAsync(new Uri(created.ZipUploadUrl), zip.Bytes, cancellationToken);
            await amplify.StartDeploymentAsync(app.AppId, app.Branch, jobId, cancellationToken);
            settled = await new AmplifyJobWait(amplify, time, _interval).UntilSettledAsync(app.AppId, app.Branch, jobId,
                TimeSpan.FromMinutes(app.TimeoutMinutes), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(app, jobId);
            return StepResult.Of(Outcome.Cancelled, $"cancelled; Amplify job {jobId} of branch {app.Branch} stopped");
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or TimeoutException)
        {
            // A job reserved but never started stays PENDING for good and blocks every later deploy: never leave one behind.
            await StopAsync(app, jobId);
            return StepResult.Of(Outcome.Failed, $"{e.Message}; job {jobId} of branch {app.Branch} stopped");
        }
        var job = settled.Job;
        switch (settled.Verdict)
        {
            case AmplifyWaitVerdict.TimedOut:
                await StopAsync(app, jobId);
                return StepResult.Of(Outcome.TimedOut, $"job {jobId} of branch {app.Branch} still {job.Summary.Status} after {app.TimeoutMinutes} min; stopped");
            case AmplifyWaitVerdict.Failed or AmplifyWaitVerdict.Cancelled:
                return new StepResult(Outcome.Failed, $"job {jobId} of branch {app.Branch} ended {job.Summary.Status}" + (job.Reason is { } why ? $": {why}" : ""),
                    // A log URL is pre-signed: its query string is a credential, so only the object's address is shown.
                    Forensics: string.Join('\n', job.Steps.Select(s => $"{s.StepName} {s.Status} {s.StatusReason} {s.LogUrl?.Split('?')[0]}".TrimEnd())));
        }
        if (await site.ProblemAsync(url, zip.Entry("index.html") ?? [], cancellationToken) is { } unserved)
            return StepResult.Of(Outcome.Failed, $"job {jobId} of branch {app.Branch} succeeded, but {unserved}");
        await artifacts.MarkServingAsync(app.ArtifactBucket, app.AppId, app.Branch, new AmplifyArtifacts.Serving(kept, jobId), cancellationToken);
        var what = deploy.RecordedZip is null ? $"{zip.Files} files" : deploy.Rollback ? "rolled back to the recorded zip" : "promoted the recorded zip";
        return new StepResult(Outcome.Succeeded, $"branch {app.Branch} serves job {jobId} ({what}, {zip.Bytes.Length} bytes, {zip.Sha256[..12]}) at {url}{stopped}",
            new AmplifyDeployed(jobId, kept, url.ToString(), zip.Bytes.Length, previous));
    }

    /// <summary>Stops a job on the way out (not cancellable: the run is already ending); one that finished meanwhile is left alone.</summary>
    private async Task StopAsync(AmplifyAppSpec app, string jobId)
    {
        try
        {
            await amplify.StopJobAsync(app.AppId, app.Branch, jobId, CancellationToken.None);
        }
        catch (AwsServiceException e) when (e.Code == "BadRequestException")
        {
            // It is no longer PENDING or RUNNING: nothing to stop.
        }
    }

    public async Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken)
    {
        var deploy = (DeployAmplifyAppStep)step;
        if (completed.Outcome != Outcome.Succeeded || completed.OutputAs<AmplifyDeployed>() is not { PreviousZip: { } previous } deployed || previous == deployed.Zip)
            return null;
        try
        {
            var zip = await artifacts.ReadAsync(previous, cancellationToken);
            var result = await DeployAsync(deploy with { RecordedZip = previous, Rollback = true }, zip, new Uri(deployed.Url), null, cancellationToken);
            return result.Outcome == Outcome.Succeeded
                ? StepResult.Of(Outcome.RolledBack, $"branch {deploy.App.Branch} back on {previous}")
                : result;
        }
        catch (AwsServiceException e)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
    }
}
