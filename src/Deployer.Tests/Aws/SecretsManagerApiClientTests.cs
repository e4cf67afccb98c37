using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The Secrets Manager client against a real moto server.</summary>
[Collection(MotoCollection.Name)]
public sealed class SecretsManagerApiClientTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task A_secret_string_is_read_and_stays_redacted()
    {
        var id = EcrApiClientTests.Name("prod/db");
        const string value = "postgresql://app:correct-horse-battery@db:5432/app";
        await _clients.JsonClient(AwsService.SecretsManager)
            .SendAsync("CreateSecret", new JsonObject { ["Name"] = id, ["SecretString"] = value }, CancellationToken.None);

        var secret = await _clients.SecretsManager.GetSecretStringAsync(id, CancellationToken.None);

        Assert.Equal(value, secret.Reveal());
        Assert.Equal("[REDACTED]", secret.ToString());
        Assert.Equal("value=[REDACTED]", $"value={secret}");
    }

    [Fact]
    public async Task A_missing_secret_is_a_service_error_naming_the_operation()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _clients.SecretsManager.GetSecretStringAsync("no/such/secret", CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.StartsWith("Secrets Manager GetSecretValue failed: ResourceNotFoundException: ", error.Message);
    }
}
