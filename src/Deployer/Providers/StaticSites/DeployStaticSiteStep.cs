using Deployer.Planning;

namespace Deployer.Providers.StaticSites;

/// <summary>
/// Publishes a static site to S3 and invalidates CloudFront; for a promotion or rollback, publishes the manifest a
/// recorded release left serving (<c>s3://bucket/key</c>) instead of the folder.
/// </summary>
public sealed record DeployStaticSiteStep(string Id, IReadOnlyList<string> DependsOn, StaticSiteSpec Site) : Step(Id, DependsOn)
{
    /// <summary>The manifest a recorded release published: copied server-side (promotion) or re-published (rollback).</summary>
    public string? RecordedManifest { get; init; }

    /// <summary>Rollback (entry points re-published from the retained copies) as opposed to promotion.</summary>
    public bool Rollback { get; init; }

    public override string Provider => StaticSitesModule.Id;
    public override string Summary => RecordedManifest is not null
        ? $"{(Rollback ? "roll back" : "promote")} s3://{Site.Bucket}/{Site.Prefix} to a recorded manifest" +
          (Site.DistributionId is null ? "" : $" and invalidate CloudFront {Site.DistributionId}")
        : $"upload {Site.Directory} to s3://{Site.Bucket}/{Site.Prefix}" +
          (Site.DistributionId is null ? "" : $" and invalidate CloudFront {Site.DistributionId}");
    public override IEnumerable<(string, string)> Details()
    {
        // The build is a step of its own (BuildStaticSiteStep), shown there.
        if (RecordedManifest is { } recorded) yield return (Rollback ? "rollback to" : "promote", recorded);
        yield return ("cache-control", Site.CacheControl + " (index.html: no-cache)");
        foreach (var rule in Site.CacheRules)
            yield return ($"cache rule {rule.Match}", string.Join(", ", new[] { rule.CacheControl, rule.ContentEncoding is { } e ? $"encoding {e}" : null }.OfType<string>()));
        if (Site.InvalidateAll && Site.DistributionId is not null) yield return ("invalidate", "/*");
        yield return ("prune", Site.Prune ? $"delete objects no longer referenced by the last {Site.KeepReleases} releases" : "keep old objects");
    }
}
