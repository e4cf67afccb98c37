using Amazon.SecurityToken.Model;
using Deployer.Aws;
using Deployer.Aws.Roles;
using Deployer.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Aws.Roles;

/// <summary>
/// A release can outlast its role session (an hour by default; a blue/green bake, a slow migration): the role is assumed
/// again ahead of the session's expiry, on the run's clock, against a moto that enforces IAM and returns STS's Expiration.
/// </summary>
public sealed class RoleSessionRenewalTests(IamMoto iam) : IClassFixture<IamMoto>
{
    private static readonly RoleRequest Request = new(IamMoto.DeployRole, "environments.staging.aws.role", RoleSessionName.For("shop", "staging", "4711-1"));

    [Theory]
    [InlineData(-60, false)]
    [InlineData(-6, false)]
    [InlineData(-5, true)]   // the margin: renewed five minutes ahead
    [InlineData(0, true)]
    [InlineData(30, true)]   // already expired
    public void A_session_is_renewed_from_five_minutes_before_it_expires(int minutesFromExpiry, bool due)
    {
        var expiration = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(due, SessionRenewal.IsDue(expiration.AddMinutes(minutesFromExpiry), expiration, SessionRenewal.Margin));
    }

    [Fact]
    public void Before_the_first_session_there_is_always_one_to_get() =>
        Assert.True(SessionRenewal.IsDue(DateTimeOffset.UnixEpoch, null, SessionRenewal.Margin));

    [Fact]
    public async Task A_long_run_assumes_the_role_again_before_the_session_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = AwsEnvironment.Resolve(iam.Environment(), null, Request.RoleArn) with { Time = clock };
        var (applied, credentials) = await RoleAssumption.ApplyAsync(settings, Request, CancellationToken.None);
        var session = Assert.IsType<AssumedRoleCredentials>(credentials);
        var first = await credentials.GetCredentialsAsync();
        var expiry = session.SessionExpiration!.Value;
        Assert.InRange(expiry, clock.GetUtcNow().AddMinutes(10), clock.GetUtcNow().AddHours(13)); // STS's own Expiration

        clock.SetUtcNow(expiry - TimeSpan.FromMinutes(6));
        var stillFirst = await credentials.GetCredentialsAsync();
        clock.SetUtcNow(expiry - TimeSpan.FromMinutes(4));
        var renewed = await credentials.GetCredentialsAsync();

        Assert.Equal(first.AccessKey, stillFirst.AccessKey);
        Assert.NotEqual(first.AccessKey, renewed.AccessKey);
        Assert.Equal(2, session.Sessions);
        Assert.True(clock.GetUtcNow() < expiry, "the second AssumeRole came before the first session expired");
        Assert.True(session.SessionExpiration > expiry);
        Assert.NotEqual(first.Token, renewed.Token);
        Assert.Equal("deployer-shop-staging-4711-1", session.SessionName);
        Assert.IsType<AwsCredentialSource.AssumedRole>(applied.Credentials);
    }
}

/// <summary>Under GitHub's OIDC the web identity session is named after the run too, not a constant.</summary>
[Collection(MotoCollection.Name)]
public sealed class OidcRoleSessionNameTests(MotoServer moto)
{
    [Fact]
    public async Task The_web_identity_session_says_which_app_environment_and_run_assumed_the_role()
    {
        const string role = "arn:aws:iam::123456789012:role/shop-deploy-staging";
        await using var runner = await SiteServer.StartAsync();
        runner.Answer("/token", _ => (200, """{"value":"eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZXBvOmFjbWUvc2hvcCJ9."}"""));
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = runner.Url("/token"),
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "runner-request-token",
        };
        var request = new RoleRequest(role, "environments.staging.aws.role", RoleSessionName.For("shop", "staging", "4711-1"));

        var (settings, credentials) = await RoleAssumption.ApplyAsync(AwsEnvironment.Resolve(environment, MotoServer.Region, role), request, CancellationToken.None);

        Assert.Equal("deployer-shop-staging-4711-1", Assert.IsType<AwsCredentialSource.GitHubOidc>(settings.Credentials).SessionName);
        using var sts = StsClient.Create(credentials, MotoServer.Region, settings.OverriddenEndpoint(AwsService.Sts));
        var caller = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.EndsWith(":assumed-role/shop-deploy-staging/deployer-shop-staging-4711-1", caller.Arn);
    }
}
