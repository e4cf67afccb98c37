using Deployer.Aws;
using Deployer.Aws.CloudFront;
using Deployer.Providers.StaticSites;
using Deployer.Tests.Aws;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>The bounded wait for a CloudFront invalidation.</summary>
[Collection(MotoCollection.Name)]
public sealed class InvalidationWaitTests(MotoServer moto)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData("Completed", 0, InvalidationVerdict.Completed)]
    [InlineData("COMPLETED", 700, InvalidationVerdict.Completed)]
    [InlineData("InProgress", 0, InvalidationVerdict.Poll)]
    [InlineData("InProgress", 599, InvalidationVerdict.Poll)]
    [InlineData("InProgress", 600, InvalidationVerdict.TimedOut)]
    public void I_wait_until_the_invalidation_completed_or_the_timeout_passed(string status, int elapsedSeconds, InvalidationVerdict expected)
    {
        Assert.Equal(expected, InvalidationWait.Decide(new CloudFrontInvalidation("I1", status), TimeSpan.FromSeconds(elapsedSeconds), Timeout));
    }

    [Fact]
    public async Task An_invalidation_started_in_progress_is_polled_until_moto_reports_it_completed()
    {
        using var aws = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);
        var distributionId = await CloudFrontApiClientTests.CreateDistributionAsync(moto);
        var created = await aws.CloudFront.CreateInvalidationAsync(distributionId, ["/index.html"], Guid.NewGuid().ToString("N"), CancellationToken.None);

        var (verdict, last) = await InvalidationWait.UntilCompletedAsync(aws.CloudFront, distributionId, created with { Status = "InProgress" },
            TimeSpan.FromMilliseconds(10), Timeout, TimeProvider.System, CancellationToken.None);

        Assert.Equal((InvalidationVerdict.Completed, created.Id), (verdict, last.Id));
    }
}
