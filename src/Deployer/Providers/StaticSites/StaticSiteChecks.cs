using Amazon.S3;
using Deployer.Aws.CloudFront;
using Deployer.Config;

namespace Deployer.Providers.StaticSites;

/// <summary>What is checked before any upload: the folder and its index.html, the cache rules, and (with credentials) the bucket and distribution.</summary>
public static class StaticSiteChecks
{
    /// <summary>Why a folder cannot be published, or null.</summary>
    public static string? Folder(string directory) =>
        !Directory.Exists(directory) ? $"does not exist ({directory})"
        : !Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Any() ? $"is empty ({directory})"
        : !File.Exists(Path.Combine(directory, "index.html")) ? $"has no index.html at its root ({directory}): CloudFront would serve errors"
        : null;

    /// <summary>Problems with the folder of a site (<paramref name="path"/> is its config path), each naming the setting.</summary>
    public static IEnumerable<string> Local(StaticSiteSpec site, string root, string path)
    {
        var directory = Path.GetFullPath(site.Directory, root);
        if (Folder(directory) is { } problem)
        {
            yield return $"{path}.directory: '{site.Directory}' {problem}";
            yield break;
        }
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')).ToArray();
        for (var i = 0; i < site.CacheRules.Count; i++)
            if (!files.Any(site.CacheRules[i].Matches))
                yield return $"{ConfigPath.Index($"{path}.cacheRules", i)}.match: '{site.CacheRules[i].Match}' matches no file of '{site.Directory}'";
    }

    /// <summary>Problems with the bucket and distribution, read with the run's credentials.</summary>
    public static async Task<IReadOnlyList<string>> RemoteAsync(StaticSiteSpec site, string path, IAmazonS3 s3, ICloudFrontApi cloudFront, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        try
        {
            await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = site.Bucket, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            problems.Add($"{path}.bucket: s3://{site.Bucket} cannot be read ({(e as AmazonS3Exception)?.ErrorCode ?? e.GetType().Name}: {e.Message})");
        }
        if (site.DistributionId is { } distribution)
            try
            {
                await cloudFront.GetDistributionAsync(distribution, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"{path}.distributionId: CloudFront distribution {distribution} cannot be read ({e.Message})");
            }
        return problems;
    }
}
