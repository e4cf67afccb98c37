using Amazon.S3;
using Amazon.S3.Model;
using Deployer.Aws;
using Deployer.Aws.CloudFront;
using Deployer.Execution;
using Deployer.Providers.StaticSites;
using Deployer.Tests.Aws;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>A site folder in a temp directory, fresh buckets and a distribution in moto, and the handler pointed at them.</summary>
public sealed class StaticSiteTestbed : IDisposable
{
    private readonly AwsClients _aws;

    private StaticSiteTestbed(MotoServer moto, AwsClients aws, string distributionId)
    {
        Moto = moto;
        _aws = aws;
        DistributionId = distributionId;
        Root = System.IO.Directory.CreateTempSubdirectory("deployer-static-").FullName;
    }

    public MotoServer Moto { get; }
    public string Root { get; }
    public string DistributionId { get; }
    public IAmazonS3 S3 => _aws.S3;
    public ICloudFrontApi CloudFront => _aws.CloudFront;
    public string Directory => Path.Combine(Root, "dist");

    public static async Task<StaticSiteTestbed> StartAsync(MotoServer moto)
    {
        var aws = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);
        return new StaticSiteTestbed(moto, aws, await CloudFrontApiClientTests.CreateDistributionAsync(moto));
    }

    public async Task<string> BucketAsync()
    {
        var name = $"site-{Guid.NewGuid():N}"[..24];
        await S3.PutBucketAsync(name);
        return name;
    }

    public StaticSiteTestbed Write(string path, string content)
    {
        var file = Path.Combine(Directory, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return this;
    }

    public void Delete(string path) => File.Delete(Path.Combine(Directory, path));

    /// <summary>A small site: two pages, fingerprinted assets, an image.</summary>
    public StaticSiteTestbed Site(string version = "v1") =>
        Write("index.html", $"<html><script src=\"/assets/app.3f9a1c2b.js\"></script>{version}</html>")
            .Write("about/index.html", "<html>about</html>")
            .Write("assets/app.3f9a1c2b.js", "console.log('app')")
            .Write("assets/app.5e6d7c8b.css", "body{}")
            .Write("img/logo.png", "png-bytes");

    public StaticSiteSpec Spec(string bucket) => new() { Name = "ui", Directory = "dist", Bucket = bucket, DistributionId = DistributionId };

    public static DeployStaticSiteStep Step(StaticSiteSpec site) => new("deploy-static-site:ui", [], site);

    public StaticSiteHandler Handler(ICloudFrontApi? cloudFront = null, TimeProvider? time = null) =>
        new(S3, cloudFront ?? CloudFront, Root, time ?? TimeProvider.System, TimeSpan.FromMilliseconds(20));

    public Task<StepResult> RunAsync(DeployStaticSiteStep step, ICloudFrontApi? cloudFront = null) =>
        Handler(cloudFront).RunAsync(step, new ExecutionState(), CancellationToken.None);

    /// <summary>Every object of the bucket: key → (bytes as text, Content-Type, Cache-Control, stored hash).</summary>
    public async Task<IReadOnlyDictionary<string, (string Body, string ContentType, string CacheControl, string? Hash)>> ObjectsAsync(string bucket, bool siteOnly = true)
    {
        var listed = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        var result = new SortedDictionary<string, (string, string, string, string?)>(StringComparer.Ordinal);
        foreach (var item in listed.S3Objects ?? [])
        {
            if (siteOnly && (item.Key.StartsWith(SiteManifest.Folder, StringComparison.Ordinal) || item.Key.Contains("/" + SiteManifest.Folder, StringComparison.Ordinal))) continue;
            using var got = await S3.GetObjectAsync(bucket, item.Key);
            using var reader = new StreamReader(got.ResponseStream);
            result[item.Key] = (await reader.ReadToEndAsync(), got.Headers.ContentType, got.Headers.CacheControl, got.Metadata[SiteBucket.HashMetadata]);
        }
        return result;
    }

    public void Dispose()
    {
        _aws.Dispose();
        System.IO.Directory.Delete(Root, recursive: true);
    }
}
