using Deployer.Artifacts;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace Deployer.Providers.Sam;

/// <summary>One packaged local path: where it was in the template, its content-addressed key, its size before zipping, and whether this run uploaded it.</summary>
public sealed record PackagedArtifact(string Place, string Key, long Bytes, bool Uploaded);

/// <summary>A template with every local path replaced by its S3 location, its hash and the key it is stored under.</summary>
public sealed record PackagedTemplate(string Body, string Hash, string TemplateKey, IReadOnlyList<PackagedArtifact> Artifacts)
{
    public int Uploaded => Artifacts.Count(a => a.Uploaded);
}

/// <summary>
/// Packages a template without the SAM CLI: each local path is zipped deterministically (or taken as it is for
/// definitions), stored under <c>{prefix}{sha256}</c> (of the zip's entries, or of the file) in the artifact bucket unless that key already exists, and the
/// template rewritten to point at it. Without an S3 client (a dry run) it only computes the keys.
/// </summary>
public sealed class SamPackager(IAmazonS3? s3, string bucket, string prefix = "deployer/")
{
    /// <summary>Uploads even keys that exist: the baseline of a deploy without a cache (benchmarks).</summary>
    public bool ForceUpload { get; init; }

    public async Task<PackagedTemplate> PackageAsync(string templatePath, CancellationToken cancellationToken)
    {
        var (template, error) = SamTemplate.Parse(await File.ReadAllTextAsync(templatePath, cancellationToken));
        if (template is null) throw new InvalidDataException($"template {templatePath} {error}");
        var directory = Path.GetDirectoryName(Path.GetFullPath(templatePath))!;
        var artifacts = new List<PackagedArtifact>();
        foreach (var artifact in SamArtifacts.Find(template))
        {
            var path = Path.GetFullPath(artifact.LocalPath, directory);
            var zip = artifact.Zip && !(File.Exists(path) && Path.GetExtension(path) is ".zip" or ".jar");
            // Code is addressed by what its zip holds, so unchanged code is recognised without compressing it again.
            var (content, bytes) = zip ? await DeterministicZip.TreeHashAsync(path, cancellationToken) : await FileHashAsync(path, cancellationToken);
            var key = $"{prefix}{content}{(zip ? ".zip" : Path.GetExtension(path))}";
            var uploaded = await StoreAsync(key, () => zip ? DeterministicZip.Create(path) : File.ReadAllBytes(path), cancellationToken);
            SamArtifacts.Rewrite(template, artifact, bucket, key);
            artifacts.Add(new PackagedArtifact(artifact.Place, key, bytes, uploaded));
        }
        var body = template.Render();
        var hash = SamTemplate.Hash(body);
        var templateKey = $"{prefix}templates/{hash}.yaml";
        await StoreAsync(templateKey, () => System.Text.Encoding.UTF8.GetBytes(body), cancellationToken);
        return new PackagedTemplate(body, hash, templateKey, artifacts);
    }

    /// <summary>A template a release recorded (<c>s3://bucket/key</c>), for promotion and rollback: nothing is rebuilt.</summary>
    public static async Task<PackagedTemplate> RecordedAsync(IAmazonS3 s3, string location, CancellationToken cancellationToken)
    {
        var (recordedBucket, key) = SplitLocation(location);
        using var response = await s3.GetObjectAsync(recordedBucket, key, cancellationToken);
        using var reader = new StreamReader(response.ResponseStream);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return new PackagedTemplate(body, SamTemplate.Hash(body), key, []);
    }

    public static (string Bucket, string Key) SplitLocation(string location)
    {
        var rest = location.StartsWith("s3://", StringComparison.Ordinal) ? location[5..] : throw new FormatException($"'{location}' is not an s3:// location");
        var slash = rest.IndexOf('/');
        return slash <= 0 ? throw new FormatException($"'{location}' names no key") : (rest[..slash], rest[(slash + 1)..]);
    }

    private static async Task<(string Hash, long Bytes)> FileHashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return (Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)), stream.Length);
    }

    /// <summary>Uploads what <paramref name="bytes"/> makes (a zip is only built when it is uploaded) unless the key exists.</summary>
    private async Task<bool> StoreAsync(string key, Func<byte[]> bytes, CancellationToken cancellationToken)
    {
        if (s3 is null) return false;
        if (!ForceUpload && await ExistsAsync(key, cancellationToken)) return false;
        using var content = new MemoryStream(bytes(), writable: false);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = content, AutoCloseStream = false }, cancellationToken);
        return true;
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3!.GetObjectMetadataAsync(bucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
