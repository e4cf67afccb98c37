using Deployer.Aws.CloudFront;
using Deployer.Providers.StaticSites;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>The bounded wait for a CloudFront invalidation.</summary>
public sealed class InvalidationWaitTests
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
}
