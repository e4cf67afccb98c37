using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Config;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The SSM Parameter Store client against a real moto server, its request checked against botocore's ssm model.</summary>
[Collection(MotoCollection.Name)]
public sealed class SsmApiClientTests(MotoServer moto)
{
    [Fact]
    public void The_SSM_constant_matches_the_botocore_metadata()
    {
        var metadata = ServiceModel.Botocore.Metadata("ssm");

        Assert.Equal(AwsService.Ssm.ServiceId, (string?)metadata["serviceId"]);
        Assert.Equal(AwsService.Ssm.SigningName, (string?)metadata["signingName"] ?? (string?)metadata["endpointPrefix"]);
        Assert.Equal(AwsService.Ssm.TargetPrefix, (string?)metadata["targetPrefix"]);
        Assert.Equal("json", (string?)metadata["protocol"]);
    }

    [Fact]
    public async Task A_SecureString_is_read_decrypted_with_a_request_botocore_accepts_and_stays_redacted()
    {
        var recorder = new RecordingHandler();
        using var clients = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System, recorder);
        var name = $"/shop/{Guid.NewGuid():N}/database-url";
        const string value = "postgresql://app:ssm-Secret-pw@db:5432/shop";
        await clients.JsonClient(AwsService.Ssm).SendAsync("PutParameter",
            new JsonObject { ["Name"] = name, ["Value"] = value, ["Type"] = "SecureString" }, CancellationToken.None);

        var secret = await clients.Ssm.GetParameterAsync(name, CancellationToken.None);

        Assert.Equal(value, secret.Reveal());
        Assert.Equal("[REDACTED]", secret.ToString());
        var request = recorder.Requests.Single(r => r.Operation == "GetParameter");
        Assert.Equal("AmazonSSM.GetParameter", request.Target);
        Assert.Empty(ServiceModel.Botocore.ValidateInput("ssm", "GetParameter", request.Body));
        Assert.True((bool)request.Body["WithDecryption"]!);
    }

    [Fact]
    public async Task A_missing_parameter_is_a_service_error_naming_the_operation()
    {
        using var clients = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Ssm.GetParameterAsync("/no/such/parameter", CancellationToken.None));

        Assert.Equal("ParameterNotFound", error.Code);
        Assert.StartsWith("SSM GetParameter failed: ParameterNotFound", error.Message);
    }

    [Fact]
    public async Task An_ssm_secret_reference_resolves_through_the_client_and_becomes_a_known_secret()
    {
        using var clients = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
        var name = $"/shop/{Guid.NewGuid():N}/migrator";
        await clients.JsonClient(AwsService.Ssm).SendAsync("PutParameter",
            new JsonObject { ["Name"] = name, ["Value"] = "postgresql://migrator:Ssm-Migrator-pw@db/shop", ["Type"] = "SecureString" }, CancellationToken.None);
        var known = new SecretValues();

        var secret = await new SecretResolver(new Dictionary<string, string>(), known, clients.SecretsManagerStore, clients.SsmStore)
            .ResolveAsync(new SecretRef { Ssm = name }, CancellationToken.None);

        Assert.Equal("postgresql://migrator:Ssm-Migrator-pw@db/shop", secret.Reveal());
        Assert.Equal("url [REDACTED]", known.Scrub("url postgresql://migrator:Ssm-Migrator-pw@db/shop"));
    }
}
