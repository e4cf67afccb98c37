using Deployer.Providers.StaticSites;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>The sync decision: upload by content hash, assets before entry points.</summary>
public sealed class SyncPlanTests
{
    private static readonly SiteFile Index = new("index.html", "aa", 100);
    private static readonly SiteFile App = new("assets/app.3f9a1c2b.js", "bb", 2000);
    private static readonly SiteFile Logo = new("img/logo.png", "cc", 500);

    [Fact]
    public void A_first_deploy_uploads_every_file_with_entry_points_last()
    {
        var plan = SyncPlan.Decide([Index, App, Logo], new Dictionary<string, string?>());

        Assert.Equal(["assets/app.3f9a1c2b.js", "img/logo.png"], plan.Assets.Select(f => f.Key));
        Assert.Equal(["index.html"], plan.EntryPoints.Select(f => f.Key));
        Assert.Equal(2600, plan.UploadBytes);
    }

    [Fact]
    public void An_unchanged_redeploy_uploads_nothing()
    {
        var plan = SyncPlan.Decide([Index, App, Logo], new Dictionary<string, string?> { ["index.html"] = "AA", ["assets/app.3f9a1c2b.js"] = "bb", ["img/logo.png"] = "cc" });

        Assert.True(plan.NothingToUpload);
        Assert.Equal(3, plan.Unchanged.Count);
    }

    [Fact]
    public void One_changed_file_uploads_one_object_and_an_object_without_a_stored_hash_is_uploaded_again()
    {
        var changed = SyncPlan.Decide([Index, App with { Sha256 = "b2" }, Logo], new Dictionary<string, string?> { ["index.html"] = "aa", ["assets/app.3f9a1c2b.js"] = "bb", ["img/logo.png"] = "cc" });
        var unhashed = SyncPlan.Decide([Logo], new Dictionary<string, string?> { ["img/logo.png"] = null });

        Assert.Equal(["assets/app.3f9a1c2b.js"], changed.Assets.Select(f => f.Key));
        Assert.Empty(changed.EntryPoints);
        Assert.Equal(["img/logo.png"], unhashed.Assets.Select(f => f.Key));
    }

    [Theory]
    [InlineData("index.html", "no-cache", "text/html; charset=utf-8")]
    [InlineData("docs/guide.htm", "no-cache", "text/html; charset=utf-8")]
    [InlineData("robots.txt", "no-cache", "text/plain; charset=utf-8")]
    [InlineData("assets/app.3f9a1c2b.js", "public, max-age=31536000, immutable", "text/javascript; charset=utf-8")]
    [InlineData("assets/index-BkX9q2Lm.css", "public, max-age=31536000, immutable", "text/css; charset=utf-8")]
    [InlineData("img/logo.png", "public, max-age=300", "image/png")]
    [InlineData("fonts/inter-variable.woff2", "public, max-age=300", "font/woff2")]
    [InlineData("LICENSE", "public, max-age=300", "application/octet-stream")]
    public void Headers_follow_the_extension_and_the_fingerprint(string key, string cacheControl, string contentType)
    {
        Assert.Equal((cacheControl, contentType), (SiteHeaders.CacheControl(key), SiteHeaders.ContentType(key)));
    }
}
