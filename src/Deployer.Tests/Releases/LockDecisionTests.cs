using Deployer.Releases;

namespace Deployer.Tests.Releases;

/// <summary>The pure decision of the lock loop.</summary>
public sealed class LockDecisionTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 5, "Claim")]
    [InlineData(10, 5, "Wait")]
    [InlineData(10, -20, "GiveUp")]
    [InlineData(-1, 5, "TakeOver")]
    [InlineData(-1, -20, "TakeOver")]
    public void The_lock_loop_claims_a_free_lock_waits_for_a_live_one_until_its_deadline_and_takes_over_an_expired_one(
        int? expiresInMinutes, int deadlineInMinutes, string expected)
    {
        var now = T0;
        var current = expiresInMinutes is { } m ? new LockHolder("x", "x@host", Sha, T0.AddHours(-1), now.AddMinutes(m)) : null;

        Assert.Equal(Enum.Parse<LockStep>(expected), LockDecision.Decide(current, now, now.AddMinutes(deadlineInMinutes)));
    }
}
