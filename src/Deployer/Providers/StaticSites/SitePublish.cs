using Deployer.Aws.CloudFront;
using Deployer.Execution;

namespace Deployer.Providers.StaticSites;

/// <summary>Puts one file at its path in the bucket (upload, or server-side copy) and returns the ETag S3 gave it.</summary>
public delegate Task<string> SiteTransfer(SiteFile file, ObjectHeaders headers, CancellationToken cancellationToken);

/// <summary>
/// Publishes a manifest in the order that never serves a broken page: assets, then entry points (each bounded in
/// parallel), the manifest and bookkeeping, the invalidation and its wait, and only after it completed the deletes.
/// </summary>
public sealed class SitePublish(SiteBucket bucket, ICloudFrontApi cloudFront, StaticSiteSpec site, TimeProvider time, TimeSpan pollInterval)
{
    public const int Parallelism = 16;

    public async Task<StepResult> RunAsync(SitePublishPlan plan, SiteTransfer transfer, string verb, CancellationToken cancellationToken)
    {
        var target = SiteManifest.Target(bucket.Bucket, plan.ManifestKey);
        var previous = plan.State.Releases.FirstOrDefault() is { } head ? SiteManifest.Target(bucket.Bucket, head) : null;
        if (plan.Unchanged)
            return new StepResult(Outcome.Unchanged, $"s3://{bucket.Bucket}/{bucket.Prefix} already serves this site ({plan.Sync.Unchanged.Count} files); nothing uploaded",
                new StaticSitePublished(target, 0, 0, 0, null, previous));

        var objects = plan.Listed.Where(p => plan.Hashes.GetValueOrDefault(p.Key) is not null)
            .ToDictionary(p => p.Key, p => new StoredObject(plan.Hashes[p.Key]!, p.Value), StringComparer.Ordinal);
        // The pages about to be overwritten are copied aside in the same pass as the assets (neither is served yet), so
        // a rollback finds them; then the entry points.
        var retain = plan.Retain.Select(r => (Func<CancellationToken, Task>)(token => bucket.RetainAsync(r.Path, r.Sha256, SiteHeaders.For(r.Path, site), token)));
        await RunBoundedAsync(plan.Sync.Assets.Select(file => Transfer(file, transfer, objects)).Concat(retain), cancellationToken).ConfigureAwait(false);
        await RunBoundedAsync(plan.Sync.EntryPoints.Select(file => Transfer(file, transfer, objects)), cancellationToken).ConfigureAwait(false);

        await bucket.PutAsync(plan.ManifestKey, plan.Manifest.ToJson(), cancellationToken).ConfigureAwait(false);
        var (prune, history) = await plan.PruneAsync(bucket, site, cancellationToken).ConfigureAwait(false);
        var releases = new[] { plan.ManifestKey }.Concat(plan.State.Releases).Distinct(StringComparer.Ordinal).ToArray();
        await bucket.PutAsync(SiteState.Key(bucket.Prefix), new SiteState(releases, objects).ToJson(), cancellationToken).ConfigureAwait(false);
        var uploaded = $"{verb} {plan.Sync.Assets.Count + plan.Sync.EntryPoints.Count} files ({plan.Sync.UploadBytes} bytes), kept {plan.Sync.Unchanged.Count}";

        string? invalidationId = null;
        if (plan.Invalidations.Count > 0)
        {
            var started = await cloudFront.CreateInvalidationAsync(site.DistributionId!, plan.Invalidations, $"{plan.ManifestKey}@{time.GetUtcNow().ToUnixTimeMilliseconds()}", cancellationToken).ConfigureAwait(false);
            invalidationId = started.Id;
            var timeout = TimeSpan.FromMinutes(site.InvalidationTimeoutMinutes);
            var (verdict, last) = await InvalidationWait.UntilCompletedAsync(cloudFront, site.DistributionId!, started, pollInterval, timeout, time, cancellationToken).ConfigureAwait(false);
            if (verdict == InvalidationVerdict.TimedOut)
                return StepResult.Of(Outcome.TimedOut, $"{uploaded}; invalidation {started.Id} of {site.DistributionId} still {last.Status} after " +
                                                       $"{site.InvalidationTimeoutMinutes} min: CloudFront may serve stale entry points; nothing deleted");
        }

        foreach (var key in prune) objects.Remove(key.StartsWith(bucket.Prefix, StringComparison.Ordinal) ? key[bucket.Prefix.Length..] : key);
        await bucket.DeleteAsync(prune, cancellationToken).ConfigureAwait(false);
        if (prune.Count > 0 || history.Count != releases.Length)
            await bucket.PutAsync(SiteState.Key(bucket.Prefix), new SiteState(history, objects).ToJson(), cancellationToken).ConfigureAwait(false);
        var invalidated = invalidationId is null ? "" : $"; invalidated {string.Join(", ", plan.Invalidations)} ({invalidationId} completed)";
        return new StepResult(Outcome.Succeeded, $"{uploaded}, deleted {prune.Count}{invalidated}",
            new StaticSitePublished(target, plan.Sync.Assets.Count + plan.Sync.EntryPoints.Count, plan.Sync.UploadBytes, prune.Count, invalidationId, previous));
    }

    private Func<CancellationToken, Task> Transfer(SiteFile file, SiteTransfer transfer, Dictionary<string, StoredObject> objects) => async token =>
    {
        var etag = await transfer(file, SiteHeaders.For(file.Key, site), token).ConfigureAwait(false);
        lock (objects) objects[file.Key] = new StoredObject(file.Sha256, etag);
    };

    private static Task RunBoundedAsync(IEnumerable<Func<CancellationToken, Task>> work, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(work, Bounded(cancellationToken), async (run, token) => await run(token).ConfigureAwait(false));

    private static ParallelOptions Bounded(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
}
