using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.StaticSites;

/// <summary>A static site uploaded to S3 and served through CloudFront.</summary>
public sealed record StaticSiteSpec
{
    [Description("Short name shown in the plan.")]
    public required string Name { get; init; }

    [Description("Folder to upload, relative to the repository root.")]
    public required string Directory { get; init; }

    [Description("Shell command run in the repository root before upload that produces the folder (a step of its own).")]
    public string? Build { get; init; }

    [Description("Variables added to the runner's environment for the build command (e.g. VITE_API_URL).")]
    public IReadOnlyDictionary<string, string> BuildEnv { get; init; } = new Dictionary<string, string>();

    [Description("Variables for the build command whose values are secrets: read when building, never printed.")]
    public IReadOnlyDictionary<string, SecretRef> BuildSecrets { get; init; } = new Dictionary<string, SecretRef>();

    [Description("S3 bucket.")]
    public required string Bucket { get; init; }

    [Description("Key prefix inside the bucket.")]
    public string? Prefix { get; init; }

    [Description("CloudFront distribution to invalidate after upload.")]
    public string? DistributionId { get; init; }

    [Description("Cache-Control for hashed assets; index.html is always sent with no-cache.")]
    public string CacheControl { get; init; } = "public, max-age=31536000, immutable";

    [Description("Delete objects that are no longer in the folder.")]
    public bool Prune { get; init; } = true;

    [Description("Cache-Control (and Content-Encoding) rules by glob, first match wins; files no rule matches get the defaults.")]
    public IReadOnlyList<CacheRuleSpec> CacheRules { get; init; } = [];

    [Description("Invalidate every path (/*) instead of only the entry points that changed.")]
    public bool InvalidateAll { get; init; }

    [Description("Minutes to wait for the CloudFront invalidation to complete.")]
    public int InvalidationTimeoutMinutes { get; init; } = 15;

    [Description("Releases whose objects are kept in the bucket, so a rollback needs no rebuild.")]
    public int KeepReleases { get; init; } = 3;

    [Description("Public URL of the site.")]
    public string? Url { get; init; }
}
