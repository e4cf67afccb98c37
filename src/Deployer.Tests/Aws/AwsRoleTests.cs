using Deployer.Aws;
using Deployer.Aws.Roles;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The description's aws.role is assumed by Deployer itself: with GitHub's OIDC token when the runner offers one, else with sts:AssumeRole.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsRoleTests(MotoServer moto)
{
    private const string Role = "arn:aws:iam::123456789012:role/shop-deploy-staging";

    [Fact]
    public async Task Under_github_oidc_the_role_is_assumed_with_the_jobs_token_from_the_runner()
    {
        await using var runner = await SiteServer.StartAsync();
        runner.Answer("/token", _ => (200, """{"value":"eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZXBvOmFjbWUvc2hvcCJ9."}"""));
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = runner.Url("/token") + "?api-version=2.0",
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "runner-request-token",
        };

        var settings = AwsEnvironment.Resolve(environment, MotoServer.Region, Role);
        var credentials = await settings.Credentials.CreateSdkCredentials(settings).GetCredentialsAsync();

        Assert.IsType<AwsCredentialSource.GitHubOidc>(settings.Credentials);
        Assert.Equal($"role {Role} assumed with GitHub Actions' OIDC token", settings.Credentials.Describe());
        Assert.Equal(1, runner.Hits("/token"));
        Assert.False(string.IsNullOrEmpty(credentials.Token), "STS gave no session token");
        Assert.StartsWith("ASIA", credentials.AccessKey);
    }

    [Fact]
    public void Without_the_runners_oidc_variables_or_without_a_role_the_usual_credentials_are_used()
    {
        var keys = new Dictionary<string, string>(moto.Environment());
        var oidcWithoutRole = new Dictionary<string, string>(keys) { ["ACTIONS_ID_TOKEN_REQUEST_URL"] = "http://127.0.0.1:1/token", ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "t" };

        Assert.IsType<AwsCredentialSource.StaticKeys>(AwsEnvironment.Resolve(keys, null, Role).Credentials);
        Assert.IsType<AwsCredentialSource.StaticKeys>(AwsEnvironment.Resolve(oidcWithoutRole, null, null).Credentials);
    }

    [Fact]
    public async Task A_token_request_the_runner_refuses_says_the_job_needs_id_token_write()
    {
        await using var runner = await SiteServer.StartAsync();
        runner.Answer("/token", _ => (403, "forbidden"));
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = runner.Url("/token"),
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "runner-request-token",
        };
        var settings = AwsEnvironment.Resolve(environment, MotoServer.Region, Role);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => settings.Credentials.CreateSdkCredentials(settings).GetCredentialsAsync());

        Assert.Contains("id-token: write", error.ToString());
    }

    [Fact]
    public async Task A_web_identity_for_another_role_is_the_source_of_an_assume_role_of_the_descriptions_role()
    {
        var token = Path.Combine(Directory.CreateTempSubdirectory("deployer-token-").FullName, "token");
        await File.WriteAllTextAsync(token, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZXBvOmFjbWUvc2hvcCJ9.");
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = token,
            ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/github-actions",
        };
        try
        {
            using var aws = await AwsClients.ConnectAsync(environment, MotoServer.Region, new RoleRequest(Role, "environments.staging.aws.role", "deployer-shop-staging-1"),
                TimeProvider.System, null, CancellationToken.None);

            var assumed = Assert.IsType<AwsCredentialSource.AssumedRole>(aws.Settings.Credentials);
            Assert.IsType<AwsCredentialSource.WebIdentity>(assumed.Source);
            Assert.Equal(Role, assumed.RoleArn);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(token)!, recursive: true);
        }
    }

    [Fact]
    public void No_credentials_at_all_name_the_role_that_cannot_be_assumed()
    {
        var error = Assert.Throws<AwsCredentialsMissingException>(() => AwsEnvironment.Resolve(new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials", ["AWS_CONFIG_FILE"] = "/nonexistent/config",
        }, MotoServer.Region, Role));

        Assert.Contains($"so aws.role {Role} cannot be assumed", error.Message);
    }
}
