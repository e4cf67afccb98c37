namespace Deployer.Aws.CloudFront;

/// <summary>The three CloudFront operations a static site needs: invalidate, follow the invalidation, check the distribution.</summary>
public interface ICloudFrontApi
{
    /// <summary>Starts an invalidation of <paramref name="paths"/>; <paramref name="callerReference"/> makes a retried request idempotent.</summary>
    Task<CloudFrontInvalidation> CreateInvalidationAsync(string distributionId, IReadOnlyList<string> paths, string callerReference, CancellationToken cancellationToken);

    Task<CloudFrontInvalidation> GetInvalidationAsync(string distributionId, string invalidationId, CancellationToken cancellationToken);

    Task<CloudFrontDistribution> GetDistributionAsync(string distributionId, CancellationToken cancellationToken);
}

/// <summary>An invalidation and its status (<c>InProgress</c> or <c>Completed</c>).</summary>
public sealed record CloudFrontInvalidation(string Id, string Status)
{
    // CloudFront sends "Completed"; moto sends "COMPLETED".
    public bool Completed => string.Equals(Status, "Completed", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A distribution's id, status (<c>InProgress</c>, <c>Deployed</c>) and domain name.</summary>
public sealed record CloudFrontDistribution(string Id, string Status, string DomainName);
