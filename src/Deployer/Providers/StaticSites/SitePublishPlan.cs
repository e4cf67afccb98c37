namespace Deployer.Providers.StaticSites;

/// <summary>
/// What publishing a manifest to a bucket will do, computed from the bucket's listing and bookkeeping before any change:
/// the sync plan (upload / keep), the objects a completed publish deletes and the paths it invalidates.
/// </summary>
public sealed record SitePublishPlan(SiteManifest Manifest, string ManifestKey, SiteState State, IReadOnlyDictionary<string, string> Listed,
    IReadOnlyDictionary<string, string?> Hashes, SyncPlan Sync, IReadOnlyList<string> Invalidations)
{
    /// <summary>Content hashes of the entry points already retained under <c>.deployer/objects/</c>.</summary>
    public IReadOnlySet<string> Retained { get; init; } = new HashSet<string>();

    /// <summary>
    /// The served entry points this publish overwrites whose content is not retained yet (path, content hash): copied
    /// aside before they are overwritten, so every release a rollback may return to keeps its pages without a copy of
    /// each page on every publish (a first publish retains nothing: nothing is overwritten).
    /// </summary>
    public IReadOnlyList<(string Path, string Sha256)> Retain => Sync.EntryPoints
        .Select(f => (f.Key, Served: Hashes.GetValueOrDefault(f.Key)))
        .Where(p => p.Served is not null && !Retained.Contains(p.Served))
        .DistinctBy(p => p.Served, StringComparer.Ordinal)
        .Select(p => (p.Key, p.Served!)).ToArray();

    /// <summary>Nothing to upload and the bucket already serves this manifest.</summary>
    public bool Unchanged => Sync.NothingToUpload && State.Releases.FirstOrDefault() == ManifestKey;

    public static async Task<SitePublishPlan> ReadAsync(SiteBucket bucket, SiteManifest manifest, StaticSiteSpec site, CancellationToken cancellationToken)
    {
        var state = await bucket.StateAsync(cancellationToken).ConfigureAwait(false);
        var (listed, retained) = await bucket.ListAsync(cancellationToken).ConfigureAwait(false);
        var hashes = await bucket.HashesAsync(listed, state, cancellationToken).ConfigureAwait(false);
        var sync = SyncPlan.Decide(manifest.Files, hashes);
        return new SitePublishPlan(manifest, manifest.Key(bucket.Prefix), state, listed, hashes, sync, Invalidate(site, sync, listed.Keys, manifest)) { Retained = retained };
    }

    /// <summary>CloudFront paths: every path when asked, else the entry points added, changed or removed (a folder's index also as the folder).</summary>
    public static IReadOnlyList<string> Invalidate(StaticSiteSpec site, SyncPlan sync, IEnumerable<string> listed, SiteManifest manifest)
    {
        if (site.DistributionId is null) return [];
        var present = manifest.Files.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var changed = sync.EntryPoints.Select(f => f.Key).Concat(listed.Where(k => SyncPlan.IsEntryPoint(k) && !present.Contains(k))).ToArray();
        if (changed.Length == 0) return [];
        if (site.InvalidateAll) return ["/*"];
        var prefix = "/" + SiteBucket.PrefixOf(site.Prefix);
        return changed.SelectMany(k => Path.GetFileName(k) == "index.html" ? new[] { prefix + k, prefix + k[..^"index.html".Length] } : [prefix + k])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The site objects a completed publish deletes: listed, and referenced by none of the last <c>keepReleases</c>
    /// manifests (this one included); with the manifests that fall out of the history and their retained entry points.
    /// </summary>
    public async Task<(IReadOnlyList<string> Keys, IReadOnlyList<string> History)> PruneAsync(SiteBucket bucket, StaticSiteSpec site, CancellationToken cancellationToken)
    {
        var history = new[] { ManifestKey }.Concat(State.Releases).Distinct(StringComparer.Ordinal).ToArray();
        var kept = history.Take(Math.Max(1, site.KeepReleases)).ToArray();
        if (!site.Prune) return ([], history);
        var keptManifests = new List<SiteManifest> { Manifest };
        foreach (var key in kept.Skip(1))
            if (await bucket.ManifestAsync(key, cancellationToken).ConfigureAwait(false) is { } older) keptManifests.Add(older);
        var referenced = keptManifests.SelectMany(m => m.Files).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var retained = keptManifests.SelectMany(m => m.EntryPoints).Select(f => f.Sha256).ToHashSet(StringComparer.Ordinal);
        var delete = Listed.Keys.Where(k => !referenced.Contains(k)).Select(k => bucket.Prefix + k).ToList();
        foreach (var dropped in history.Skip(kept.Length))
        {
            delete.Add(dropped);
            if (await bucket.ManifestAsync(dropped, cancellationToken).ConfigureAwait(false) is { } old)
                delete.AddRange(old.EntryPoints.Where(f => !retained.Contains(f.Sha256)).Select(f => SiteManifest.RetainedKey(bucket.Prefix, f.Sha256)));
        }
        return (delete.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), kept);
    }
}
