using Deployer.Aws.CloudWatch;
using Deployer.Providers.Verify;

namespace Deployer.Tests.Providers.Verify;

/// <summary>What one look at the watched alarms means for the bake: a table.</summary>
public sealed class AlarmBakeTests
{
    private static readonly string[] Watched = ["site-5xx", "api-latency"];

    public static TheoryData<AlarmState[], bool, BakeVerdict, string> Cases => new()
    {
        { [new("site-5xx", "OK", null), new("api-latency", "OK", null)], false, BakeVerdict.Wait, "site-5xx OK, api-latency OK" },
        { [new("site-5xx", "OK", null), new("api-latency", "INSUFFICIENT_DATA", null)], true, BakeVerdict.Quiet, "2 alarm(s) stayed out of ALARM during the bake" },
        { [new("site-5xx", "ALARM", "Threshold Crossed: 3 datapoints were greater than 1.0"), new("api-latency", "OK", null)], false, BakeVerdict.Fired,
            "alarm site-5xx is in ALARM (Threshold Crossed: 3 datapoints were greater than 1.0)" },
        { [new("site-5xx", "ALARM", null), new("api-latency", "ALARM", null)], true, BakeVerdict.Fired, "alarm site-5xx is in ALARM; alarm api-latency is in ALARM" },
        { [new("site-5xx", "OK", null)], false, BakeVerdict.Missing, "CloudWatch has no alarm named api-latency" },
        { [new("api-latency", "ALARM", null)], false, BakeVerdict.Fired, "alarm api-latency is in ALARM" },
        { [new("site-5xx", "OK", null), new("api-latency", "OK", null), new("other", "ALARM", null)], true, BakeVerdict.Quiet, "2 alarm(s) stayed out of ALARM during the bake" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_alarm_in_ALARM_fails_the_bake_a_missing_one_too_and_quiet_alarms_pass_once_it_is_over(AlarmState[] states, bool over, BakeVerdict verdict, string reason)
    {
        var decision = AlarmBake.Evaluate(Watched, states, over);

        Assert.Equal(verdict, decision.Verdict);
        Assert.Equal(reason, decision.Reason);
    }
}
