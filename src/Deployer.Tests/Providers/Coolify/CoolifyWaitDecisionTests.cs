using Deployer.Providers.Coolify;

namespace Deployer.Tests.Providers.Coolify;

public sealed class CoolifyWaitDecisionTests
{
    [Theory]
    [InlineData("queued", 1, CoolifyVerdict.KeepWaiting)]
    [InlineData("in_progress", 14, CoolifyVerdict.KeepWaiting)]
    [InlineData("in_progress", 15, CoolifyVerdict.TimedOut)]
    [InlineData("queued", 20, CoolifyVerdict.TimedOut)]
    [InlineData("finished", 20, CoolifyVerdict.Finished)]
    [InlineData("failed", 1, CoolifyVerdict.Failed)]
    [InlineData("cancelled-by-user", 1, CoolifyVerdict.Cancelled)]
    [InlineData("a-status-of-a-later-version", 1, CoolifyVerdict.KeepWaiting)]
    public void A_deployment_status_decides_whether_to_keep_waiting(string status, int minutes, CoolifyVerdict expected) =>
        Assert.Equal(expected, CoolifyWaitDecision.Decide(status, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(15)));

    [Fact]
    public void Polls_slow_down_after_the_first_half_minute() =>
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)],
            [CoolifyWaitDecision.IntervalAfter(TimeSpan.FromSeconds(10)), CoolifyWaitDecision.IntervalAfter(TimeSpan.FromMinutes(1))]);
}
