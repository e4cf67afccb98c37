using System.Text;
using Deployer.Aws;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>Secret values read from AWS (Secrets Manager values, ECR passwords) and the credentials themselves never reach a message or a ToString.</summary>
public sealed class AwsSecretLeakTests
{
    private const string Password = "ecr-password-that-must-not-leak";
    private const string SecretValue = "secrets-manager-value-that-must-not-leak";
    private const string SecretKey = "aws-secret-key-that-must-not-leak";

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<(StubAwsServer Server, AwsClients Clients)> StartAsync(Func<StubRequest, StubResponse> respond)
    {
        var server = await StubAwsServer.StartAsync(respond);
        var clients = AwsClients.FromEnvironment(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB", ["AWS_SECRET_ACCESS_KEY"] = SecretKey, ["AWS_SESSION_TOKEN"] = "session-token-that-must-not-leak",
            ["AWS_REGION"] = "eu-west-1", ["AWS_ENDPOINT_URL"] = server.Endpoint.ToString(),
        }, null, TimeProvider.System);
        return (server, clients);
    }

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in new[] { Password, SecretValue, SecretKey, "session-token-that-must-not-leak", Base64("AWS:" + Password), Base64(Password) })
            Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task Registry_credentials_print_without_the_password()
    {
        var (server, clients) = await StartAsync(_ => StubResponse.Ok(
            $$"""{"authorizationData":[{"authorizationToken":"{{Base64("AWS:" + Password)}}","expiresAt":1700043200.5,"proxyEndpoint":"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com"}]}"""));
        await using var _ = server;
        using var __ = clients;

        var login = await clients.Ecr.GetAuthorizationTokenAsync(CancellationToken.None);

        Assert.Equal(Password, login.Password.Reveal());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700043200500), login.ExpiresAt);
        AssertNoSecret(login.ToString());
        AssertNoSecret($"{login}");
    }

    [Theory]
    [InlineData("not user:password")]
    [InlineData("not base64")]
    [InlineData("not JSON")]
    public async Task A_malformed_authorization_token_is_reported_without_quoting_it(string problem)
    {
        var body = problem switch
        {
            "not user:password" => $$"""{"authorizationData":[{"authorizationToken":"{{Base64(Password)}}","proxyEndpoint":"https://r"}]}""",
            "not base64" => $$"""{"authorizationData":[{"authorizationToken":"{{Password}}!","proxyEndpoint":"https://r"}]}""",
            _ => $"<html>{Base64("AWS:" + Password)}</html>",
        };
        var (server, clients) = await StartAsync(_ => StubResponse.Ok(body));
        await using var _ = server;
        using var __ = clients;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => clients.Ecr.GetAuthorizationTokenAsync(CancellationToken.None));

        Assert.StartsWith("ECR GetAuthorizationToken returned", error.Message);
        AssertNoSecret(error.ToString());
    }

    [Theory]
    [InlineData("""{"ARN":"arn:aws:secretsmanager:eu-west-1:1:secret:db","Name":"db","SecretBinary":"c2VjcmV0cy1tYW5hZ2VyLXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw=="}""")]
    [InlineData("""{"Name":"db","SecretString":"secrets-manager-value-that-must-not-leak""")]
    [InlineData("""secrets-manager-value-that-must-not-leak""")]
    public async Task A_secret_value_that_cannot_be_read_is_reported_without_quoting_it(string body)
    {
        var (server, clients) = await StartAsync(_ => StubResponse.Ok(body));
        await using var _ = server;
        using var __ = clients;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => clients.SecretsManager.GetSecretStringAsync("db", CancellationToken.None));

        Assert.StartsWith("Secrets Manager", error.Message);
        AssertNoSecret(error.ToString());
    }

    [Fact]
    public async Task A_secret_value_prints_as_redacted()
    {
        var (server, clients) = await StartAsync(_ => StubResponse.Ok($$"""{"Name":"db","SecretString":"{{SecretValue}}"}"""));
        await using var _ = server;
        using var __ = clients;

        var secret = await clients.SecretsManager.GetSecretStringAsync("db", CancellationToken.None);

        Assert.Equal(SecretValue, secret.Reveal());
        AssertNoSecret(secret.ToString());
        AssertNoSecret($"{new { secret }}");
    }

    [Fact]
    public async Task Settings_and_clients_print_without_the_credentials()
    {
        var (server, clients) = await StartAsync(_ => StubResponse.Ok("{}"));
        await using var _ = server;
        using var __ = clients;

        AssertNoSecret(clients.Settings.ToString());
        AssertNoSecret(clients.Settings.Credentials.Describe());
        Assert.Contains("[REDACTED]", clients.Settings.ToString());
    }
}
