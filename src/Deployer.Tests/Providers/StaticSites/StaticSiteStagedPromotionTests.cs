using Deployer.Execution;
using Deployer.Providers.StaticSites;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>
/// A promotion publishes the manifest staging recorded, not what staging's bucket serves now: staging is deployed again
/// after the release that is promoted, against moto.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class StaticSiteStagedPromotionTests(MotoServer moto)
{
    [Fact]
    public async Task Promote_copies_the_recorded_release_even_after_staging_moved_on()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site("v1");
        var (staging, production) = (await bed.BucketAsync(), await bed.BucketAsync());
        var recorded = (await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(staging)))).OutputAs<StaticSitePublished>()!;
        var v1 = await bed.ObjectsAsync(staging);
        // Staging is deployed again (a release never verified, or not the one being promoted): new pages, a new asset.
        bed.Site("v2").Write("about/index.html", "<html>about v2</html>").Write("assets/app.9a8b7c6d.js", "console.log('v2')");
        var moved = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(staging)));
        Assert.True(moved.Outcome == Outcome.Succeeded, moved.Message);
        Assert.EndsWith("v2</html>", (await bed.ObjectsAsync(staging))["index.html"].Body);
        Directory.Delete(bed.Directory, recursive: true);

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(production)) with { RecordedManifest = recorded.Manifest });

        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        Assert.StartsWith("copied 5 files", result.Message);
        Assert.Equal(recorded.Manifest.Split('/')[^1], result.OutputAs<StaticSitePublished>()!.Manifest.Split('/')[^1]);
        // Production serves v1 byte for byte, with its headers and stored hashes: the pages came from staging's retained copies.
        Assert.Equal(v1, await bed.ObjectsAsync(production));
        Assert.EndsWith("v2</html>", (await bed.ObjectsAsync(staging))["index.html"].Body);
    }

    [Fact]
    public async Task A_recorded_file_staging_overwrote_without_a_retained_copy_fails_the_promotion_and_copies_nothing()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site("v1");
        var (staging, production) = (await bed.BucketAsync(), await bed.BucketAsync());
        var recorded = (await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(staging)))).OutputAs<StaticSitePublished>()!;
        // An asset that is not fingerprinted, changed in place: its recorded bytes are nowhere in staging's bucket any more.
        bed.Write("img/logo.png", "new-png-bytes");
        await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(staging)));

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(production)) with { RecordedManifest = recorded.Manifest });

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("(e.g. img/logo.png)", result.Message);
        Assert.EndsWith("nothing copied", result.Message);
        Assert.Empty(await bed.ObjectsAsync(production, siteOnly: false));
    }

    [Theory]
    [InlineData("a.html", "h1", "h1", false, "site/a.html")]
    [InlineData("a.html", "h1", "h2", true, "site/.deployer/objects/h1")]
    [InlineData("a.html", "h1", null, true, "site/.deployer/objects/h1")]
    [InlineData("a.js", "h1", "h2", false, null)]
    public void Each_file_is_copied_from_where_its_recorded_bytes_are(string path, string recorded, string? served, bool retained, string? from)
    {
        var hashes = new Dictionary<string, string?>();
        var listed = new Dictionary<string, string>();
        if (served is not null) (hashes[path], listed[path]) = (served, "\"etag\"");

        var (sources, lost) = PromotionSources.Resolve([new SiteFile(path, recorded, 1)], "site/", hashes, listed,
            retained ? new HashSet<string> { recorded } : new HashSet<string>());

        Assert.Equal(from, sources.GetValueOrDefault(path)?.Key);
        Assert.Equal(from is null ? [path] : [], lost);
        // A served object is pinned by its ETag; a retained one is named by its content.
        if (from is not null) Assert.Equal(from.Contains(".deployer", StringComparison.Ordinal) ? null : "\"etag\"", sources[path].ETag);
    }
}
