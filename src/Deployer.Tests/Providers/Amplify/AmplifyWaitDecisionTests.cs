using Deployer.Aws.Amplify;
using Deployer.Providers.Amplify;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>The pure decision of the job wait, as a table, and which job states block a new deploy.</summary>
public sealed class AmplifyWaitDecisionTests
{
    [Theory]
    [InlineData("SUCCEED", 1, AmplifyWaitVerdict.Succeeded)]
    [InlineData("SUCCEED", 99, AmplifyWaitVerdict.Succeeded)]
    [InlineData("FAILED", 1, AmplifyWaitVerdict.Failed)]
    [InlineData("CANCELLED", 1, AmplifyWaitVerdict.Cancelled)]
    [InlineData("PENDING", 1, AmplifyWaitVerdict.KeepWaiting)]
    [InlineData("PROVISIONING", 1, AmplifyWaitVerdict.KeepWaiting)]
    [InlineData("RUNNING", 1, AmplifyWaitVerdict.KeepWaiting)]
    [InlineData("CANCELLING", 1, AmplifyWaitVerdict.KeepWaiting)]
    [InlineData("PENDING", 10, AmplifyWaitVerdict.TimedOut)]
    [InlineData("RUNNING", 11, AmplifyWaitVerdict.TimedOut)]
    public void A_job_status_and_the_time_waited_decide_what_happens(string status, int minutes, AmplifyWaitVerdict expected) =>
        Assert.Equal(expected, AmplifyWaitDecision.Decide(status, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(10)));

    [Theory]
    [InlineData("CREATED", true)]
    [InlineData("PENDING", true)]
    [InlineData("PROVISIONING", true)]
    [InlineData("RUNNING", true)]
    [InlineData("CANCELLING", true)]
    [InlineData("SUCCEED", false)]
    [InlineData("FAILED", false)]
    [InlineData("CANCELLED", false)]
    public void Unfinished_jobs_block_a_deploy(string status, bool inFlight) =>
        Assert.Equal(inFlight, new AmplifyJobSummary("1", status, "MANUAL", DateTimeOffset.UnixEpoch).InFlight);
}
