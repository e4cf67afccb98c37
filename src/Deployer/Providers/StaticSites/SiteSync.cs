namespace Deployer.Providers.StaticSites;

/// <summary>A file of the site folder: its object key, SHA-256 (hex) and size.</summary>
public sealed record SiteFile(string Key, string Sha256, long Size);

/// <summary>
/// What a publish must upload, in order: assets first, entry points (HTML) last, so no page is ever served before the
/// assets it references; files whose stored content hash matches are left alone.
/// </summary>
public sealed record SyncPlan(IReadOnlyList<SiteFile> Assets, IReadOnlyList<SiteFile> EntryPoints, IReadOnlyList<SiteFile> Unchanged)
{
    public long UploadBytes => Assets.Sum(f => f.Size) + EntryPoints.Sum(f => f.Size);
    public bool NothingToUpload => Assets.Count == 0 && EntryPoints.Count == 0;

    /// <summary>
    /// Compares the folder with the bucket by content hash (the hash stored in object metadata, never the ETag, which
    /// is not a content hash for multipart uploads). <paramref name="remote"/> maps key → stored hash (null when absent).
    /// </summary>
    public static SyncPlan Decide(IEnumerable<SiteFile> local, IReadOnlyDictionary<string, string?> remote)
    {
        var assets = new List<SiteFile>();
        var entryPoints = new List<SiteFile>();
        var unchanged = new List<SiteFile>();
        foreach (var file in local.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (remote.TryGetValue(file.Key, out var stored) && string.Equals(stored, file.Sha256, StringComparison.OrdinalIgnoreCase))
                unchanged.Add(file);
            else (IsEntryPoint(file.Key) ? entryPoints : assets).Add(file);
        }
        return new SyncPlan(assets, entryPoints, unchanged);
    }

    /// <summary>Entry points are what a visitor requests by a stable URL: HTML pages (and the few well-known root files).</summary>
    public static bool IsEntryPoint(string key) =>
        key.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || key.EndsWith(".htm", StringComparison.OrdinalIgnoreCase)
        || Path.GetFileName(key) is "robots.txt" or "sitemap.xml" or "manifest.webmanifest" or "service-worker.js" or "sw.js";
}
