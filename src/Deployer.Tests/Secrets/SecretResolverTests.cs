using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Config;
using Deployer.Secrets;
using Deployer.Tests.Aws;
using Deployer.Tests.Support;

namespace Deployer.Tests.Secrets;

/// <summary>Secret references resolve at execution from the environment or Secrets Manager (moto), and become known secrets.</summary>
[Collection(MotoCollection.Name)]
public sealed class SecretResolverTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task A_key_of_a_json_secret_is_read_from_secrets_manager_and_both_values_are_scrubbed()
    {
        var id = EcrApiClientTests.Name("saas/db");
        await _clients.JsonClient(AwsService.SecretsManager).SendAsync("CreateSecret",
            new JsonObject { ["Name"] = id, ["SecretString"] = """{"url":"postgresql://app_migrator:s3cret-Migrator-pw@db:5432/saas"}""" }, CancellationToken.None);
        var known = new SecretValues();

        var url = await new SecretResolver(new Dictionary<string, string>(), known, _clients.SecretsManagerStore)
            .ResolveAsync(new SecretRef { SecretsManager = id, Key = "url" }, CancellationToken.None);

        Assert.Equal("postgresql://app_migrator:s3cret-Migrator-pw@db:5432/saas", url.Reveal());
        Assert.Equal("connect to [REDACTED]", known.Scrub("connect to postgresql://app_migrator:s3cret-Migrator-pw@db:5432/saas"));
    }

    [Fact]
    public async Task A_missing_key_or_variable_is_named_without_any_value()
    {
        var id = EcrApiClientTests.Name("saas/other");
        await _clients.JsonClient(AwsService.SecretsManager).SendAsync("CreateSecret",
            new JsonObject { ["Name"] = id, ["SecretString"] = """{"password":"hunter2-value"}""" }, CancellationToken.None);
        var resolver = new SecretResolver(new Dictionary<string, string>(), new SecretValues(), _clients.SecretsManagerStore);

        var key = await Assert.ThrowsAsync<SecretResolutionException>(() => resolver.ResolveAsync(new SecretRef { SecretsManager = id, Key = "url" }, CancellationToken.None));
        var variable = await Assert.ThrowsAsync<SecretResolutionException>(() => resolver.ResolveAsync(new SecretRef { Env = "MIGRATOR_URL" }, CancellationToken.None));

        Assert.Equal($"secret secretsmanager:{id}: has no string key 'url'", key.Message);
        Assert.Equal("secret env:MIGRATOR_URL: environment variable MIGRATOR_URL is not set", variable.Message);
        Assert.DoesNotContain("hunter2", key.Message);
    }
}
