using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Deployer.Providers.StaticSites;

/// <summary>
/// What one release published: path → content hash and size. Stored content-addressed under
/// <c>.deployer/releases/</c> so the same site always has the same manifest key.
/// </summary>
public sealed record SiteManifest(IReadOnlyList<SiteFile> Files)
{
    public const string Folder = ".deployer/";

    public static SiteManifest Of(IEnumerable<SiteFile> files) => new(files.OrderBy(f => f.Key, StringComparer.Ordinal).ToArray());

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(
        Files.ToDictionary(f => f.Key, f => new[] { f.Sha256, f.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

    public static SiteManifest Parse(byte[] json) =>
        Of(JsonSerializer.Deserialize<Dictionary<string, string[]>>(json)!.Select(p => new SiteFile(p.Key, p.Value[0], long.Parse(p.Value[1], System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>The manifest's key under <paramref name="prefix"/>: named by the hash of its content.</summary>
    public string Key(string prefix) => $"{prefix}{Folder}releases/{Convert.ToHexStringLower(SHA256.HashData(ToJson()))}.json";

    public IEnumerable<SiteFile> EntryPoints => Files.Where(f => SyncPlan.IsEntryPoint(f.Key));

    /// <summary>Where an entry point's bytes are retained for a rollback: content-addressed, beside the manifests (<paramref name="prefix"/> "" gives the path within the site).</summary>
    public static string RetainedKey(string prefix, string sha256) => $"{prefix}{Folder}objects/{sha256}";

    /// <summary>The recorded target of a release: <c>s3://bucket/key</c>, so a promotion knows which bucket to copy from.</summary>
    public static string Target(string bucket, string key) => $"s3://{bucket}/{key}";

    public static (string Bucket, string Key) ParseTarget(string target)
    {
        var rest = target.StartsWith("s3://", StringComparison.Ordinal) ? target[5..] : throw new FormatException($"'{target}' is not an s3:// manifest address");
        var slash = rest.IndexOf('/');
        return slash <= 0 ? throw new FormatException($"'{target}' names no key") : (rest[..slash], rest[(slash + 1)..]);
    }
}

/// <summary>
/// The bucket's bookkeeping (<c>.deployer/state.json</c>): the manifest keys of the releases, newest first, and for each
/// object the content hash it was stored with and the ETag S3 gave it, so a listing (which carries ETags, not metadata)
/// is enough to know every object's hash; an object whose ETag differs is asked for its metadata.
/// </summary>
public sealed record SiteState(IReadOnlyList<string> Releases, IReadOnlyDictionary<string, StoredObject> Objects)
{
    public static SiteState Empty { get; } = new([], new Dictionary<string, StoredObject>());

    public static string Key(string prefix) => $"{prefix}{SiteManifest.Folder}state.json";

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static SiteState Parse(byte[] json) => JsonSerializer.Deserialize<SiteState>(json) ?? Empty;
}

/// <summary>An object's stored content hash and the ETag S3 returned for it.</summary>
public sealed record StoredObject(string Sha256, string ETag);
