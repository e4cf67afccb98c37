using Deployer.Aws.Roles;

namespace Deployer.Tests.Aws.Roles;

public sealed class RoleSessionNameTests
{
    [Theory]
    [InlineData("shop", "staging", "4711-1", "deployer-shop-staging-4711-1")]
    [InlineData("my app/ü", "prod env", "9", "deployer-my-app---prod-env-9")]
    [InlineData("a-very-long-application-name-for-a-platform", "production-eu-central", "12345678901-3",
        "deployer-a-very-long-applicat-production-eu-centra-12345678901-3")]
    public void The_session_names_deployer_the_app_the_environment_and_the_run_within_64_characters(string app, string environment, string run, string expected)
    {
        var name = RoleSessionName.For(app, environment, run);

        Assert.Equal(expected, name);
        Assert.InRange(name.Length, 2, RoleSessionName.MaxLength);
        Assert.Matches(@"^[\w+=,.@-]+$", name);
    }

    [Fact]
    public void The_run_is_githubs_run_id_and_attempt_in_a_workflow_and_the_start_time_elsewhere()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 12, 6, 4, 5, 6, TimeSpan.Zero));

        Assert.Equal("4711-2", RoleSessionName.Run(new Dictionary<string, string> { ["GITHUB_RUN_ID"] = "4711", ["GITHUB_RUN_ATTEMPT"] = "2" }, time));
        Assert.Equal("local-20261206T040506Z", RoleSessionName.Run(new Dictionary<string, string>(), time));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
