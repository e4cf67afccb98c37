using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Deployer.Providers.Amplify;

/// <summary>
/// The artifact bucket: every deployed zip kept by content (what a rollback or promotion redeploys, since Amplify has no
/// rollback API), and per branch a marker of the zip and job it serves (how an unchanged build is recognised).
/// </summary>
public sealed class AmplifyArtifacts(IAmazonS3 s3)
{
    /// <summary>What a branch served after the last deploy Deployer completed.</summary>
    public sealed record Serving(string Zip, string JobId);

    /// <summary>Stores <paramref name="zip"/> under its content key unless it is there already; returns <c>s3://bucket/key</c>.</summary>
    public async Task<string> KeepAsync(string bucket, string appId, AmplifyZip zip, CancellationToken cancellationToken)
    {
        var key = zip.Key(appId);
        if (!await ExistsAsync(bucket, key, cancellationToken))
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket, Key = key, InputStream = new MemoryStream(zip.Bytes), ContentType = "application/zip",
            }, cancellationToken);
        return $"s3://{bucket}/{key}";
    }

    /// <summary>Reads a kept zip back from <c>s3://bucket/key</c>.</summary>
    public async Task<AmplifyZip> ReadAsync(string uri, CancellationToken cancellationToken)
    {
        var (bucket, key) = Parse(uri);
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, cancellationToken);
        return AmplifyZip.FromBytes(copy.ToArray());
    }

    public async Task<Serving?> ServingAsync(string bucket, string appId, string branch, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s3.GetObjectAsync(bucket, MarkerKey(appId, branch), cancellationToken);
            using var reader = new StreamReader(response.ResponseStream);
            return (await reader.ReadToEndAsync(cancellationToken)).Split('\n') is [var zip, var job, ..] ? new Serving(zip, job) : null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task MarkServingAsync(string bucket, string appId, string branch, Serving serving, CancellationToken cancellationToken) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = MarkerKey(appId, branch), ContentBody = $"{serving.Zip}\n{serving.JobId}\n", ContentType = "text/plain",
        }, cancellationToken);

    private static string MarkerKey(string appId, string branch) => $"amplify/{appId}/branches/{branch}.serving";

    private async Task<bool> ExistsAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(bucket, key, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public static (string Bucket, string Key) Parse(string uri) =>
        uri.StartsWith("s3://", StringComparison.Ordinal) && uri[5..].Split('/', 2) is [var bucket, var key] && bucket.Length > 0 && key.Length > 0
            ? (bucket, key)
            : throw new FormatException($"'{uri}' is not an s3://bucket/key address");
}
