using Deployer.Aws.CloudFront;
using Deployer.Execution;
using Deployer.Providers.StaticSites;
using Deployer.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>Publishing a folder to S3 (moto) and invalidating CloudFront (moto): sync by content, order, invalidation, pruning.</summary>
[Collection(MotoCollection.Name)]
public sealed class StaticSiteDeployTests(MotoServer moto)
{
    [Fact]
    public async Task I_can_publish_a_site_with_its_content_hash_and_headers_on_every_object()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site();
        var bucket = await bed.BucketAsync();

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));

        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        var published = result.OutputAs<StaticSitePublished>()!;
        Assert.Equal(5, published.Uploaded);
        Assert.NotNull(published.InvalidationId);
        var objects = await bed.ObjectsAsync(bucket);
        Assert.Equal(["about/index.html", "assets/app.3f9a1c2b.js", "assets/app.5e6d7c8b.css", "img/logo.png", "index.html"], objects.Keys);
        Assert.Equal(("text/html; charset=utf-8", SiteHeaders.NoCache), (objects["index.html"].ContentType, objects["index.html"].CacheControl));
        Assert.Equal(("text/javascript; charset=utf-8", SiteHeaders.Immutable), (objects["assets/app.3f9a1c2b.js"].ContentType, objects["assets/app.3f9a1c2b.js"].CacheControl));
        Assert.Equal(SiteHeaders.ShortLived, objects["img/logo.png"].CacheControl);
        var files = await SiteFolder.HashAsync(bed.Directory, CancellationToken.None);
        Assert.All(files, f => Assert.Equal(f.Sha256, objects[f.Key].Hash));
        var (manifestBucket, manifestKey) = SiteManifest.ParseTarget(published.Manifest);
        Assert.Equal(bucket, manifestBucket);
        Assert.Equal(SiteManifest.Of(files).Key(""), manifestKey);
    }

    [Fact]
    public async Task An_unchanged_redeploy_uploads_nothing_and_invalidates_nothing()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site();
        var bucket = await bed.BucketAsync();
        var first = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));

        var again = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));

        Assert.Equal(Outcome.Unchanged, again.Outcome);
        Assert.Equal((0, (string?)null), (again.OutputAs<StaticSitePublished>()!.Uploaded, again.OutputAs<StaticSitePublished>()!.InvalidationId));
        Assert.Equal(first.OutputAs<StaticSitePublished>()!.Manifest, again.OutputAs<StaticSitePublished>()!.Manifest);
    }

    [Fact]
    public async Task One_changed_page_uploads_one_object_and_invalidates_only_that_page()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site();
        var bucket = await bed.BucketAsync();
        await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));
        bed.Write("about/index.html", "<html>about us</html>");
        var recording = new RecordingCloudFront(bed.CloudFront);

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)), recording);

        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        Assert.Equal(1, result.OutputAs<StaticSitePublished>()!.Uploaded);
        Assert.Equal([["/about/", "/about/index.html"]], recording.Invalidated);
        Assert.Equal("<html>about us</html>", (await bed.ObjectsAsync(bucket))["about/index.html"].Body);
    }

    [Fact]
    public async Task Removed_files_stay_for_the_kept_releases_and_are_deleted_once_no_kept_release_references_them()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site();
        var bucket = await bed.BucketAsync();
        var spec = bed.Spec(bucket) with { KeepReleases = 2 };
        await bed.RunAsync(StaticSiteTestbed.Step(spec));
        bed.Delete("img/logo.png");
        bed.Write("index.html", "v2");
        var second = await bed.RunAsync(StaticSiteTestbed.Step(spec));
        Assert.Contains("img/logo.png", (await bed.ObjectsAsync(bucket)).Keys);

        bed.Write("index.html", "v3");
        var third = await bed.RunAsync(StaticSiteTestbed.Step(spec));

        Assert.Equal(0, second.OutputAs<StaticSitePublished>()!.Deleted);
        Assert.True(third.OutputAs<StaticSitePublished>()!.Deleted >= 1, third.Message);
        Assert.DoesNotContain("img/logo.png", (await bed.ObjectsAsync(bucket)).Keys);
    }

    [Fact]
    public async Task A_file_above_the_multipart_threshold_is_uploaded_in_parts_with_its_content_hash_and_not_again_when_unchanged()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site();
        var bucket = await bed.BucketAsync();
        var video = new byte[SiteBucket.MultipartThreshold + 1024 * 1024];
        new Random(12).NextBytes(video);
        System.IO.Directory.CreateDirectory(Path.Combine(bed.Directory, "media"));
        File.WriteAllBytes(Path.Combine(bed.Directory, "media", "intro.mp4"), video);

        var first = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));
        var again = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));

        Assert.True(first.Outcome == Outcome.Succeeded, first.Message);
        Assert.Equal(6, first.OutputAs<StaticSitePublished>()!.Uploaded);
        using var stored = await bed.S3.GetObjectAsync(bucket, "media/intro.mp4");
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes);
        // A multipart ETag is the hash of the parts' hashes followed by -<parts>: proof the object went up in parts.
        Assert.Matches("-[0-9]+\"?$", stored.ETag);
        Assert.Equal(video, bytes.ToArray());
        Assert.Equal("video/mp4", stored.Headers.ContentType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(video)), stored.Metadata[SiteBucket.HashMetadata]);
        Assert.Equal((Outcome.Unchanged, 0), (again.Outcome, again.OutputAs<StaticSitePublished>()!.Uploaded));
    }

    [Fact]
    public async Task An_invalidation_that_never_completes_times_out_truthfully_and_deletes_nothing()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site();
        var bucket = await bed.BucketAsync();
        var spec = bed.Spec(bucket) with { KeepReleases = 1, InvalidationTimeoutMinutes = 1 };
        await bed.RunAsync(StaticSiteTestbed.Step(spec));
        bed.Delete("img/logo.png");
        bed.Write("index.html", "v2");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = bed.Handler(new NeverCompleting(bed.CloudFront), time);

        var running = handler.RunAsync(StaticSiteTestbed.Step(spec), new ExecutionState(), CancellationToken.None);
        while (!running.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(10);
        }
        var result = await running;

        Assert.Equal(Outcome.TimedOut, result.Outcome);
        Assert.Contains("nothing deleted", result.Message);
        Assert.Null(result.OutputAs<StaticSitePublished>());
        Assert.Contains("img/logo.png", (await bed.ObjectsAsync(bucket)).Keys);
    }

    [Fact]
    public async Task A_folder_without_index_html_is_bad_input_before_any_upload()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site();
        bed.Delete("index.html");
        var bucket = await bed.BucketAsync();

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));

        Assert.Equal(Outcome.InvalidInput, result.Outcome);
        Assert.Contains("no index.html", result.Message);
        Assert.Empty(await bed.ObjectsAsync(bucket, siteOnly: false));
    }

    /// <summary>moto completes invalidations at once; this reports every one as still in progress.</summary>
    private sealed class NeverCompleting(ICloudFrontApi inner) : ICloudFrontApi
    {
        public async Task<CloudFrontInvalidation> CreateInvalidationAsync(string distributionId, IReadOnlyList<string> paths, string callerReference, CancellationToken cancellationToken) =>
            (await inner.CreateInvalidationAsync(distributionId, paths, callerReference, cancellationToken)) with { Status = "InProgress" };

        public async Task<CloudFrontInvalidation> GetInvalidationAsync(string distributionId, string invalidationId, CancellationToken cancellationToken) =>
            (await inner.GetInvalidationAsync(distributionId, invalidationId, cancellationToken)) with { Status = "InProgress" };

        public Task<CloudFrontDistribution> GetDistributionAsync(string distributionId, CancellationToken cancellationToken) => inner.GetDistributionAsync(distributionId, cancellationToken);
    }
}

/// <summary>Passes every call to moto and remembers the paths of each invalidation.</summary>
public sealed class RecordingCloudFront(ICloudFrontApi inner) : ICloudFrontApi
{
    public List<IReadOnlyList<string>> Invalidated { get; } = [];

    public Task<CloudFrontInvalidation> CreateInvalidationAsync(string distributionId, IReadOnlyList<string> paths, string callerReference, CancellationToken cancellationToken)
    {
        lock (Invalidated) Invalidated.Add(paths);
        return inner.CreateInvalidationAsync(distributionId, paths, callerReference, cancellationToken);
    }

    public Task<CloudFrontInvalidation> GetInvalidationAsync(string distributionId, string invalidationId, CancellationToken cancellationToken) =>
        inner.GetInvalidationAsync(distributionId, invalidationId, cancellationToken);

    public Task<CloudFrontDistribution> GetDistributionAsync(string distributionId, CancellationToken cancellationToken) => inner.GetDistributionAsync(distributionId, cancellationToken);
}
