using Amazon.S3;
using Deployer.Aws;
using Deployer.Aws.CloudFront;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.StaticSites;

/// <summary>
/// Runs static-site steps: publishes the folder (upload only what the bucket lacks), promotes a staging manifest by
/// server-side copies, or rolls back by re-publishing a retained manifest's entry points; compensates by rolling back.
/// </summary>
public sealed class StaticSiteHandler(IAmazonS3 s3, ICloudFrontApi cloudFront, string root, TimeProvider time, TimeSpan? pollInterval = null) : IStepHandler
{
    public bool Handles(Step step) => step is DeployStaticSiteStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var site = ((DeployStaticSiteStep)step).Site;
        var recorded = ((DeployStaticSiteStep)step).RecordedManifest;
        try
        {
            if (recorded is null) return await PublishFolderAsync(site, cancellationToken);
            return ((DeployStaticSiteStep)step).Rollback
                ? await RollBackAsync(site, recorded, cancellationToken)
                : await PromoteAsync(site, recorded, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return StepResult.Of(Outcome.Cancelled, "cancelled; entry points are uploaded last, so no page was served before its assets");
        }
        catch (Exception e) when (e is AmazonS3Exception or AwsServiceException)
        {
            return StepResult.Of(Outcome.Failed, $"s3://{site.Bucket}: {e.Message}");
        }
    }

    private SiteBucket Bucket(StaticSiteSpec site) => new(s3, site.Bucket, SiteBucket.PrefixOf(site.Prefix));

    private SitePublish Publish(StaticSiteSpec site, SiteBucket bucket) => new(bucket, cloudFront, site, time, pollInterval ?? TimeSpan.FromSeconds(5));

    private async Task<StepResult> PublishFolderAsync(StaticSiteSpec site, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(site.Directory, root);
        // Checked before the run too; found here (the folder changed meanwhile) it is still bad input, not a failed deploy.
        if (StaticSiteChecks.Folder(directory) is { } problem) return StepResult.Of(Outcome.InvalidInput, $"'{site.Directory}' {problem}; nothing uploaded");
        var manifest = SiteManifest.Of(await SiteFolder.HashAsync(directory, cancellationToken));
        var bucket = Bucket(site);
        var plan = await SitePublishPlan.ReadAsync(bucket, manifest, site, cancellationToken);
        return await Publish(site, bucket).RunAsync(plan, (file, headers, token) =>
            bucket.UploadAsync(file, Path.Combine(directory, file.Key), headers, token), "uploaded", cancellationToken);
    }

    private async Task<StepResult> PromoteAsync(StaticSiteSpec site, string recorded, CancellationToken cancellationToken)
    {
        var (sourceBucket, key) = SiteManifest.ParseTarget(recorded);
        var source = new SiteBucket(s3, sourceBucket, key[..key.IndexOf(SiteManifest.Folder, StringComparison.Ordinal)]);
        if (await source.ManifestAsync(key, cancellationToken) is not { } manifest)
            return StepResult.Of(Outcome.Failed, $"the recorded manifest {recorded} no longer exists; nothing copied");
        var bucket = Bucket(site);
        var plan = await SitePublishPlan.ReadAsync(bucket, manifest, site, cancellationToken);
        // The recorded bytes, not whatever staging serves now: staging may have been deployed again since it was verified.
        var (sources, lost) = await PromotionSources.ResolveAsync(source, [.. plan.Sync.Assets, .. plan.Sync.EntryPoints], cancellationToken);
        if (lost.Count > 0)
            return StepResult.Of(Outcome.Failed, $"{lost.Count} files of {recorded} no longer hold their recorded bytes in s3://{source.Bucket} " +
                                                 $"(e.g. {lost[0]}); promote a newer release or deploy again; nothing copied");
        return await Publish(site, bucket).RunAsync(plan, (file, headers, token) =>
            bucket.CopyAsync(source.Bucket, sources[file.Key].Key, file.Key, headers, file.Sha256, sources[file.Key].ETag, token), "copied", cancellationToken);
    }

    private async Task<StepResult> RollBackAsync(StaticSiteSpec site, string recorded, CancellationToken cancellationToken)
    {
        var bucket = Bucket(site);
        var (_, key) = SiteManifest.ParseTarget(recorded);
        if (await bucket.ManifestAsync(key, cancellationToken) is not { } manifest)
            return StepResult.Of(Outcome.Failed, $"the recorded manifest {recorded} is no longer in s3://{site.Bucket}; nothing changed");
        var plan = await SitePublishPlan.ReadAsync(bucket, manifest, site, cancellationToken);
        // Assets are retained by content; an asset that is gone or changed cannot come back without a rebuild.
        if (plan.Sync.Assets.Count > 0)
            return StepResult.Of(Outcome.Failed, $"{plan.Sync.Assets.Count} assets of {recorded} are no longer in the bucket " +
                                                 $"(e.g. {plan.Sync.Assets[0].Key}); a rollback needs a rebuild; nothing changed");
        if (plan.Sync.EntryPoints.FirstOrDefault(f => !plan.Retained.Contains(f.Sha256)) is { } lost)
            return StepResult.Of(Outcome.Failed, $"{lost.Key} of {recorded} was not retained in s3://{site.Bucket} (overwritten outside Deployer?); " +
                                                 "a rollback needs a rebuild; nothing changed");
        return await Publish(site, bucket).RunAsync(plan, (file, headers, token) =>
            bucket.CopyAsync(bucket.Bucket, SiteManifest.RetainedKey(bucket.Prefix, file.Sha256), file.Key, headers, file.Sha256, null, token),
            "re-published", cancellationToken);
    }

    public async Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken)
    {
        if (completed.OutputAs<StaticSitePublished>() is not { PreviousManifest: { } previous } published || previous == published.Manifest) return null;
        var site = ((DeployStaticSiteStep)step).Site;
        var result = await RunAsync(new DeployStaticSiteStep(step.Id, [], site) { RecordedManifest = previous, Rollback = true }, state, cancellationToken);
        return result.Outcome == Outcome.Succeeded ? StepResult.Of(Outcome.RolledBack, $"s3://{site.Bucket} back on {previous}: {result.Message}") : result;
    }
}
