using Amazon.S3.Model;
using Deployer.Execution;
using Deployer.Providers.StaticSites;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>Rollback by a retained manifest and promotion by server-side copies, against moto.</summary>
[Collection(MotoCollection.Name)]
public sealed class StaticSitePromotionTests(MotoServer moto)
{
    [Fact]
    public async Task I_can_roll_back_to_the_manifest_a_release_recorded_without_the_folder()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site("v1");
        var bucket = await bed.BucketAsync();
        var first = (await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)))).OutputAs<StaticSitePublished>()!;
        bed.Site("v2").Write("assets/app.9a8b7c6d.js", "console.log('v2')");
        await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));
        Directory.Delete(bed.Directory, recursive: true);
        var recording = new RecordingCloudFront(bed.CloudFront);

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)) with { RecordedManifest = first.Manifest, Rollback = true }, recording);

        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        Assert.Equal(first.Manifest, result.OutputAs<StaticSitePublished>()!.Manifest);
        var objects = await bed.ObjectsAsync(bucket);
        Assert.EndsWith("v1</html>", objects["index.html"].Body);
        Assert.Equal((SiteHeaders.NoCache, "text/html; charset=utf-8"), (objects["index.html"].CacheControl, objects["index.html"].ContentType));
        Assert.Equal([["/", "/index.html"]], recording.Invalidated);
    }

    [Fact]
    public async Task Only_pages_a_publish_overwrites_are_copied_aside_and_a_site_under_a_prefix_rolls_back_from_them()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site("v1");
        var bucket = await bed.BucketAsync();
        var spec = bed.Spec(bucket) with { Prefix = "web" };
        var first = (await bed.RunAsync(StaticSiteTestbed.Step(spec))).OutputAs<StaticSitePublished>()!;
        var retainedAfterFirst = await RetainedAsync(bed, bucket);
        bed.Site("v2");
        await bed.RunAsync(StaticSiteTestbed.Step(spec));

        var result = await bed.RunAsync(StaticSiteTestbed.Step(spec) with { RecordedManifest = first.Manifest, Rollback = true });

        Assert.Empty(retainedAfterFirst);
        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        Assert.StartsWith("re-published 1 files", result.Message);
        var objects = await bed.ObjectsAsync(bucket);
        Assert.EndsWith("v1</html>", objects["web/index.html"].Body);
        var keys = (await bed.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key);
        Assert.DoesNotContain(keys, k => k.StartsWith("web/web/", StringComparison.Ordinal));
        // v1's page (copied aside when v2 overwrote it) and v2's (copied aside when the rollback overwrote it), nothing else.
        Assert.Equal(2, (await RetainedAsync(bed, bucket)).Count);
    }

    private static async Task<IReadOnlyList<string>> RetainedAsync(StaticSiteTestbed bed, string bucket) =>
        (await bed.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "web/.deployer/objects/" })).S3Objects?.Select(o => o.Key).ToArray() ?? [];

    [Fact]
    public async Task A_rollback_whose_assets_are_gone_changes_nothing()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site("v1");
        var bucket = await bed.BucketAsync();
        var first = (await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)))).OutputAs<StaticSitePublished>()!;
        bed.Write("index.html", "v2");
        await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));
        await bed.S3.DeleteObjectAsync(bucket, "img/logo.png");

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)) with { RecordedManifest = first.Manifest, Rollback = true });

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("img/logo.png", result.Message);
        Assert.Equal("v2", (await bed.ObjectsAsync(bucket))["index.html"].Body);
    }

    [Fact]
    public async Task I_can_promote_the_staging_manifest_by_server_side_copies_into_the_production_bucket()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site("staged");
        var staging = await bed.BucketAsync();
        var production = await bed.BucketAsync();
        var staged = (await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(staging)))).OutputAs<StaticSitePublished>()!;
        Directory.Delete(bed.Directory, recursive: true);

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(production) with { Prefix = "web" }) with { RecordedManifest = staged.Manifest });

        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        Assert.StartsWith("copied 5 files", result.Message);
        var copied = await bed.ObjectsAsync(production);
        var source = await bed.ObjectsAsync(staging);
        Assert.Equal(source.Keys.Select(k => "web/" + k), copied.Keys);
        Assert.All(source, o => Assert.Equal(o.Value, copied["web/" + o.Key]));
        var again = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(production) with { Prefix = "web" }) with { RecordedManifest = staged.Manifest });
        Assert.Equal(Outcome.Unchanged, again.Outcome);
    }

    [Fact]
    public async Task A_later_failure_puts_the_previous_entry_points_back()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site("v1");
        var bucket = await bed.BucketAsync();
        await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)));
        bed.Write("index.html", "v2");
        var handler = bed.Handler();
        var completed = await handler.RunAsync(StaticSiteTestbed.Step(bed.Spec(bucket)), new ExecutionState(), CancellationToken.None);

        var compensation = await handler.CompensateAsync(StaticSiteTestbed.Step(bed.Spec(bucket)), completed, new ExecutionState(), CancellationToken.None);

        Assert.Equal(Outcome.RolledBack, compensation!.Outcome);
        Assert.EndsWith("v1</html>", (await bed.ObjectsAsync(bucket))["index.html"].Body);
    }
}
