using Amazon.S3;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.StaticSites;

/// <summary>
/// The dry run of a static-site step: files to upload, keep and delete, bytes, and the invalidation paths, compared with
/// the bucket when credentials are given (<paramref name="s3"/> non-null). Reads only.
/// </summary>
public sealed class StaticSitePreviewer(IAmazonS3? s3, string root) : IStepPreviewer
{
    public bool Previews(Step step) => step is DeployStaticSiteStep;

    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        var site = ((DeployStaticSiteStep)step).Site;
        var bucket = s3 is null ? null : new SiteBucket(s3, site.Bucket, SiteBucket.PrefixOf(site.Prefix));
        SiteManifest manifest;
        if (((DeployStaticSiteStep)step).RecordedManifest is { } recorded)
        {
            if (s3 is null) return [$"~ {(((DeployStaticSiteStep)step).Rollback ? "re-publish" : "copy server-side")} {recorded} (bucket not read: no credentials)"];
            var (sourceBucket, key) = SiteManifest.ParseTarget(recorded);
            if (await new SiteBucket(s3, sourceBucket, "").ManifestAsync(key, cancellationToken) is not { } found) return [$"! the recorded manifest {recorded} no longer exists"];
            manifest = found;
        }
        else
        {
            var directory = Path.GetFullPath(site.Directory, root);
            if (StaticSiteChecks.Folder(directory) is { } problem) return [$"(files not read: '{site.Directory}' {problem}; a deploy needs it)"];
            manifest = SiteManifest.Of(await SiteFolder.HashAsync(directory, cancellationToken));
        }
        if (bucket is null)
            return [$"+ {manifest.Files.Count} files ({manifest.Files.Sum(f => f.Size)} bytes) at most; the bucket was not read (no credentials)",
                    .. site.DistributionId is null ? Array.Empty<string>() : [$"~ invalidate {(site.InvalidateAll ? "/*" : "the entry points that changed")}"]];
        var plan = await SitePublishPlan.ReadAsync(bucket, manifest, site, cancellationToken);
        if (plan.Unchanged) return [$"= unchanged: s3://{site.Bucket}/{bucket.Prefix} already serves these {manifest.Files.Count} files"];
        var (delete, _) = await plan.PruneAsync(bucket, site, cancellationToken);
        var lines = new List<string>
        {
            $"+ upload {plan.Sync.Assets.Count} assets then {plan.Sync.EntryPoints.Count} entry points ({plan.Sync.UploadBytes} bytes)",
            $"= keep {plan.Sync.Unchanged.Count} files already in the bucket",
            $"- delete {delete.Count} objects after the invalidation completed",
        };
        lines.AddRange(plan.Sync.Assets.Concat(plan.Sync.EntryPoints).Take(20).Select(f => $"+ {f.Key} ({f.Size} bytes)"));
        lines.AddRange(delete.Take(20).Select(k => $"- {k}"));
        if (plan.Invalidations.Count > 0) lines.Add($"~ invalidate {string.Join(" ", plan.Invalidations)}");
        return lines;
    }
}
