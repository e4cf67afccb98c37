using Deployer.Providers.Coolify;

namespace Deployer.Tests.Providers.Coolify;

public sealed class CoolifyReleaseTargetTests
{
    [Fact]
    public void What_a_step_records_reads_back_as_the_commit_of_each_application()
    {
        var recorded = CoolifyReleaseTarget.Format([("app1", "6f1c2d3"), ("app2", "v1.2.0")]);

        Assert.Equal("app1@6f1c2d3,app2@v1.2.0", recorded);
        Assert.Equal(new Dictionary<string, string> { ["app1"] = "6f1c2d3", ["app2"] = "v1.2.0" }, CoolifyReleaseTarget.Parse(recorded));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@abc")]
    [InlineData("app1@")]
    [InlineData("app1")]
    public void A_record_without_an_application_and_a_commit_names_nothing(string? recorded) =>
        Assert.Empty(CoolifyReleaseTarget.Parse(recorded));
}
