using Deployer.Execution;

namespace Deployer.Providers.StaticSites;

/// <summary>What a static-site step left serving: its manifest (<c>s3://bucket/key</c>), what moved, and what served before.</summary>
public sealed record StaticSitePublished(string Manifest, int Uploaded, long UploadedBytes, int Deleted, string? InvalidationId, string? PreviousManifest) : StepOutput;
