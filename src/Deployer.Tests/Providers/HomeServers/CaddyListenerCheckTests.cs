using Deployer.Providers.HomeServers;
using Deployer.Ssh;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>A Caddy host whose kernel resets connections queued on a closing listener is told so, with the setting to change.</summary>
public sealed class CaddyListenerCheckTests
{
    private static RemoteResult Read(int exit, string output) => new(RemoteCommand.Of("cat", CaddyListenerCheck.Path), exit, output, "");

    [Fact]
    public void A_host_that_resets_queued_connections_gets_a_caveat_naming_the_setting_and_the_fix()
    {
        var caveat = CaddyListenerCheck.Caveat("deploy@pi:22", Read(0, "0\n"));

        Assert.Equal("caveat: net.ipv4.tcp_migrate_req is 0 on deploy@pi:22, so each Caddy switch can reset connections queued on Caddy's old listener; " +
                     "set it to 1 (sysctl -w net.ipv4.tcp_migrate_req=1, and in /etc/sysctl.d) for switches that fail no request", caveat);
    }

    [Theory]
    [InlineData(0, "1\n")]
    [InlineData(1, "")] // an older kernel without the setting: nothing to advise
    public void A_host_that_migrates_them_or_cannot_say_gets_none(int exit, string output) =>
        Assert.Null(CaddyListenerCheck.Caveat("deploy@pi:22", Read(exit, output)));
}
