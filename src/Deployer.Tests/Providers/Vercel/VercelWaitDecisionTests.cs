using Deployer.Providers.Vercel;
using Deployer.Providers.Vercel.Api;

namespace Deployer.Tests.Providers.Vercel;

public sealed class VercelWaitDecisionTests
{
    [Theory]
    [InlineData("QUEUED", false, true, 0, VercelWaitVerdict.KeepWaiting)]
    [InlineData("BUILDING", false, true, 0, VercelWaitVerdict.KeepWaiting)]
    [InlineData("READY", false, false, 0, VercelWaitVerdict.Ready)]
    [InlineData("READY", false, true, 0, VercelWaitVerdict.KeepWaiting)] // production waits for its domain
    [InlineData("READY", true, true, 0, VercelWaitVerdict.Ready)]
    [InlineData("ERROR", false, false, 0, VercelWaitVerdict.Failed)]
    [InlineData("CANCELED", false, false, 0, VercelWaitVerdict.Canceled)]
    [InlineData("BUILDING", false, false, 20, VercelWaitVerdict.TimedOut)]
    [InlineData("READY", false, true, 25, VercelWaitVerdict.TimedOut)]
    [InlineData("ERROR", false, true, 25, VercelWaitVerdict.Failed)]
    public void I_can_tell_where_a_deployment_stands(string state, bool aliasAssigned, bool production, int elapsedMinutes, VercelWaitVerdict expected)
    {
        var deployment = new VercelDeployment("dpl_1", "x.vercel.app", state, aliasAssigned, null, null, null);

        Assert.Equal(expected, VercelWaitDecision.Decide(deployment, production, TimeSpan.FromMinutes(elapsedMinutes), TimeSpan.FromMinutes(20)));
    }

    [Theory]
    [InlineData("1765000000000", true)] // today's API: when the aliases were assigned
    [InlineData("true", true)] // older answers
    [InlineData("false", false)]
    [InlineData("null", null)]
    public void I_can_read_aliasAssigned_as_the_API_sends_it(string value, bool? assigned)
    {
        var deployment = System.Text.Json.JsonSerializer.Deserialize<VercelDeployment>($$"""{"id":"dpl_1","readyState":"READY","aliasAssigned":{{value}}}""")!;

        Assert.Equal(assigned, deployment.AliasAssigned);
    }
}
