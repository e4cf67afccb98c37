using Deployer.Aws.ApplicationAutoScaling;
using Deployer.Providers.Ecs;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>Whether a described desiredCount is sent with UpdateService, given what Application Auto Scaling said.</summary>
public class DesiredCountTests
{
    private static readonly ScalableTarget ShopApi = new("service/shop/api", 2, 6);

    [Fact]
    public void A_described_count_is_sent_when_no_scalable_target_owns_the_service() =>
        Assert.Equal(new DesiredCountDecision(2, null), DesiredCount.Decide(2, new ScalingOwnership.None()));

    [Fact]
    public void A_described_count_is_not_sent_when_a_scalable_target_owns_the_service_and_the_output_says_why() =>
        Assert.Equal(new DesiredCountDecision(null, "desiredCount 2 not sent: Application Auto Scaling owns service/shop/api (min 2, max 6)"),
            DesiredCount.Decide(2, new ScalingOwnership.Owned(ShopApi)));

    [Fact]
    public void A_count_inside_the_targets_range_is_still_not_sent_because_autoscaling_may_move_it_at_any_time() =>
        Assert.Null(DesiredCount.Decide(4, new ScalingOwnership.Owned(ShopApi)).Send);

    [Fact]
    public void When_the_owner_cannot_be_read_the_live_count_is_kept_and_a_warning_names_the_reason()
    {
        var decision = DesiredCount.Decide(2, new ScalingOwnership.Unknown("AccessDeniedException: not authorized"));

        Assert.Null(decision.Send);
        Assert.True(decision.IsWarning);
        Assert.Equal("desiredCount 2 not sent: could not read Application Auto Scaling (AccessDeniedException: not authorized); the live count is kept", decision.Note);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void An_unset_count_is_never_sent_and_needs_no_note(int ownership)
    {
        ScalingOwnership[] all = [new ScalingOwnership.None(), new ScalingOwnership.Owned(ShopApi), new ScalingOwnership.Unknown("timeout")];

        Assert.Equal(new DesiredCountDecision(null, null), DesiredCount.Decide(null, all[ownership]));
    }

    [Fact]
    public void Zero_is_a_count_like_any_other_and_is_sent_when_nobody_owns_the_service() =>
        Assert.Equal(0, DesiredCount.Decide(0, new ScalingOwnership.None()).Send);
}
