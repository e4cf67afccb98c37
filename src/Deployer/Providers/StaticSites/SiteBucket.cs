using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace Deployer.Providers.StaticSites;

/// <summary>
/// One site's objects in S3 (a bucket and a key prefix): listing with stored hashes, uploads with the content hash in the
/// metadata (multipart above <see cref="MultipartThreshold"/>), server-side copies, the bookkeeping objects and deletes.
/// </summary>
public sealed class SiteBucket(IAmazonS3 s3, string bucket, string prefix)
{
    public const string HashMetadata = "sha256";
    public const long MultipartThreshold = 16 * 1024 * 1024;

    public string Bucket => bucket;
    public string Prefix => prefix;
    public IAmazonS3 Client => s3;

    public static string PrefixOf(string? prefix) => string.IsNullOrWhiteSpace(prefix) ? "" : prefix.Trim('/') + "/";

    /// <summary>
    /// One listing of the prefix: every site object with its ETag, and the content hashes of the entry points retained
    /// for rollbacks (the rest of the bookkeeping is left out).
    /// </summary>
    public async Task<SiteListing> ListAsync(CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var retained = new HashSet<string>(StringComparer.Ordinal);
        var retainedPrefix = SiteManifest.RetainedKey(prefix, "");
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? [])
                if (item.Key.StartsWith(retainedPrefix, StringComparison.Ordinal)) retained.Add(item.Key[retainedPrefix.Length..]);
                else if (!item.Key.StartsWith(prefix + SiteManifest.Folder, StringComparison.Ordinal)) found[item.Key[prefix.Length..]] = item.ETag;
            if (page.IsTruncated != true) return new SiteListing(found, retained);
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>path → stored content hash (null when the object carries none), trusting the state where the ETag still matches.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> HashesAsync(IReadOnlyDictionary<string, string> listed, SiteState state, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var (path, etag) in listed)
            if (state.Objects.TryGetValue(path, out var stored) && stored.ETag == etag) hashes[path] = stored.Sha256;
            else unknown.Add(path);
        await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (path, token) =>
        {
            var head = await s3.GetObjectMetadataAsync(bucket, prefix + path, token).ConfigureAwait(false);
            var hash = head.Metadata[HashMetadata];
            lock (hashes) hashes[path] = string.IsNullOrEmpty(hash) ? null : hash;
        }).ConfigureAwait(false);
        return hashes;
    }

    /// <summary>Uploads a file with its headers and content hash; returns the ETag.</summary>
    public async Task<string> UploadAsync(SiteFile file, string localPath, ObjectHeaders headers, CancellationToken cancellationToken)
    {
        var key = prefix + file.Key;
        if (file.Size > MultipartThreshold)
        {
            var multipart = new TransferUtilityUploadRequest { BucketName = bucket, Key = key, FilePath = localPath, ContentType = headers.ContentType };
            Apply(multipart.Headers, multipart.Metadata, headers, file.Sha256);
            await new TransferUtility(s3).UploadAsync(multipart, cancellationToken).ConfigureAwait(false);
            return (await s3.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false)).ETag;
        }
        // S3 checks the body against the SHA-256 we already computed and store in the metadata: no second checksum
        // (the SDK's default CRC32 trailer) and no chunked signing of a body that is hashed already.
        var put = new PutObjectRequest
        {
            BucketName = bucket, Key = key, FilePath = localPath, ContentType = headers.ContentType,
            ChecksumSHA256 = Convert.ToBase64String(Convert.FromHexString(file.Sha256)), UseChunkEncoding = false,
        };
        Apply(put.Headers, put.Metadata, headers, file.Sha256);
        return (await s3.PutObjectAsync(put, cancellationToken).ConfigureAwait(false)).ETag;
    }

    /// <summary>
    /// Copies an object server-side (possibly from another bucket) to a path of this site, with this site's headers; with
    /// <paramref name="sourceETag"/>, only while the source still holds those bytes (S3 answers 412 otherwise).
    /// </summary>
    public async Task<string> CopyAsync(string sourceBucket, string sourceKey, string path, ObjectHeaders headers, string sha256, string? sourceETag,
        CancellationToken cancellationToken)
    {
        var copy = new CopyObjectRequest
        {
            SourceBucket = sourceBucket, SourceKey = sourceKey, DestinationBucket = bucket, DestinationKey = prefix + path,
            ContentType = headers.ContentType, MetadataDirective = S3MetadataDirective.REPLACE, ETagToMatch = sourceETag,
        };
        Apply(copy.Headers, copy.Metadata, headers, sha256);
        return (await s3.CopyObjectAsync(copy, cancellationToken).ConfigureAwait(false)).ETag;
    }

    /// <summary>Copies the served object at <paramref name="path"/> aside to its retained key, named by its content hash.</summary>
    public Task<string> RetainAsync(string path, string sha256, ObjectHeaders headers, CancellationToken cancellationToken) =>
        CopyAsync(bucket, prefix + path, SiteManifest.RetainedKey("", sha256), headers, sha256, null, cancellationToken);

    private static void Apply(HeadersCollection target, MetadataCollection metadata, ObjectHeaders headers, string sha256)
    {
        target.CacheControl = headers.CacheControl;
        if (headers.ContentEncoding is { } encoding) target.ContentEncoding = encoding;
        metadata.Add(HashMetadata, sha256);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task PutAsync(string key, byte[] content, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(content), ContentType = "application/json" }, cancellationToken);

    public async Task<SiteState> StateAsync(CancellationToken cancellationToken) =>
        await GetAsync(SiteState.Key(prefix), cancellationToken).ConfigureAwait(false) is { } json ? SiteState.Parse(json) : SiteState.Empty;

    public async Task<SiteManifest?> ManifestAsync(string key, CancellationToken cancellationToken) =>
        await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } json ? SiteManifest.Parse(json) : null;

    /// <summary>Deletes keys (full keys), a thousand per request.</summary>
    public async Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(1000))
            await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = chunk.Select(k => new KeyVersion { Key = k }).ToList() }, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A prefix as one listing shows it: site path → ETag, and the content hashes retained under <c>.deployer/objects/</c>.</summary>
public sealed record SiteListing(IReadOnlyDictionary<string, string> Objects, IReadOnlySet<string> Retained);
