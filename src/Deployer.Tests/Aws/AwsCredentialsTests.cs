using System.Text.RegularExpressions;
using Deployer.Aws;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>Each credential source signs real requests: web identity through moto's STS, profiles from injected files.</summary>
[Collection(MotoCollection.Name)]
public sealed class AwsCredentialsTests(MotoServer moto) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deployer-aws-credentials-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string KeyId(RecordedRequest request) => Regex.Match(request.Authorization!, "Credential=([^/]+)/").Groups[1].Value;

    [Theory]
    [InlineData("AWS_ENDPOINT_URL")]
    [InlineData("AWS_ENDPOINT_URL_STS")]
    public async Task A_GitHub_OIDC_token_is_exchanged_for_a_role_session_through_the_configured_STS_endpoint(string stsVariable)
    {
        var tokenFile = Path.Combine(_directory, "oidc-token");
        await File.WriteAllTextAsync(tokenFile, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9hcHA6cmVmOnJlZnMvaGVhZHMvbWFpbiJ9.c2lnbmF0dXJl");
        var recorder = new RecordingHandler();
        var environment = new Dictionary<string, string>
        {
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile,
            ["AWS_ROLE_ARN"] = $"arn:aws:iam::{MotoServer.AccountId}:role/github-deploy",
            ["AWS_ROLE_SESSION_NAME"] = "GitHubActions",
            ["AWS_REGION"] = MotoServer.Region,
            ["AWS_ENDPOINT_URL_ECR"] = moto.Endpoint.ToString(),
            [stsVariable] = moto.Endpoint.ToString(),
        };
        using var clients = AwsClients.FromEnvironment(environment, null, TimeProvider.System, recorder);

        var login = await clients.Ecr.GetAuthorizationTokenAsync(CancellationToken.None);

        Assert.IsType<AwsCredentialSource.WebIdentity>(clients.Settings.Credentials);
        Assert.Equal("AWS", login.Username);
        var request = Assert.Single(recorder.Requests);
        Assert.StartsWith("ASIA", KeyId(request));
        Assert.True(request.Headers.ContainsKey("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task A_named_profile_from_an_injected_credentials_file_signs_requests()
    {
        var credentials = Path.Combine(_directory, "credentials");
        await File.WriteAllTextAsync(credentials, "[deploy]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = profile-secret\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "config"), "[profile deploy]\nregion = us-east-1\n");
        var recorder = new RecordingHandler();
        using var clients = AwsClients.FromEnvironment(new Dictionary<string, string>
        {
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_PROFILE"] = "deploy",
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
        }, null, TimeProvider.System, recorder);

        await clients.Ecr.GetAuthorizationTokenAsync(CancellationToken.None);

        Assert.Equal("us-east-1", clients.Settings.Region);
        Assert.Equal("AKIDFROMPROFILE", KeyId(Assert.Single(recorder.Requests)));
    }

    [Fact]
    public async Task Static_session_credentials_send_their_token()
    {
        var recorder = new RecordingHandler();
        using var clients = AwsClients.FromEnvironment(moto.Environment(("AWS_SESSION_TOKEN", "session-token")), null, TimeProvider.System, recorder);

        await clients.Ecr.GetAuthorizationTokenAsync(CancellationToken.None);

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("AKIDMOTOTESTING", KeyId(request));
        Assert.Equal("session-token", request.Headers["X-Amz-Security-Token"]);
    }
}
