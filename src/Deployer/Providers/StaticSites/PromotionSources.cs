namespace Deployer.Providers.StaticSites;

/// <summary>Where one file of a recorded manifest is copied from: a key of the source bucket, pinned by its ETag when it is a served object.</summary>
public sealed record PromotionSource(string Key, string? ETag);

/// <summary>
/// Finds, in the source (staging) bucket, the recorded bytes of every file a promotion copies. Staging may have moved on
/// since the release was verified, so a served object counts only while it still holds the recorded hash; otherwise the
/// copy retained by content under <c>.deployer/objects/</c> (the entry points a later publish overwrote) is used.
/// </summary>
public static class PromotionSources
{
    /// <summary>
    /// Pure: path → source for each file, and the paths whose recorded bytes the bucket no longer holds.
    /// <paramref name="hashes"/> and <paramref name="listed"/> are the source's served objects (hash, ETag) by site path.
    /// </summary>
    public static (IReadOnlyDictionary<string, PromotionSource> Sources, IReadOnlyList<string> Lost) Resolve(
        IEnumerable<SiteFile> files, string prefix, IReadOnlyDictionary<string, string?> hashes, IReadOnlyDictionary<string, string> listed,
        IReadOnlySet<string> retained)
    {
        var sources = new Dictionary<string, PromotionSource>(StringComparer.Ordinal);
        var lost = new List<string>();
        foreach (var file in files)
            if (hashes.GetValueOrDefault(file.Key) == file.Sha256) sources[file.Key] = new PromotionSource(prefix + file.Key, listed.GetValueOrDefault(file.Key));
            else if (retained.Contains(file.Sha256)) sources[file.Key] = new PromotionSource(SiteManifest.RetainedKey(prefix, file.Sha256), null);
            else lost.Add(file.Key);
        return (sources, lost);
    }

    /// <summary>Reads the source bucket's listing and stored hashes (only of the paths asked for) and resolves <paramref name="files"/>.</summary>
    public static async Task<(IReadOnlyDictionary<string, PromotionSource> Sources, IReadOnlyList<string> Lost)> ResolveAsync(
        SiteBucket source, IReadOnlyList<SiteFile> files, CancellationToken cancellationToken)
    {
        var state = await source.StateAsync(cancellationToken).ConfigureAwait(false);
        var (listed, retained) = await source.ListAsync(cancellationToken).ConfigureAwait(false);
        var wanted = files.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var relevant = listed.Where(o => wanted.Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        var hashes = await source.HashesAsync(relevant, state, cancellationToken).ConfigureAwait(false);
        return Resolve(files, source.Prefix, hashes, relevant, retained);
    }
}
