using System.Text.Json.Nodes;
using Deployer.Secrets;

namespace Deployer.Aws.SecretsManager;

/// <summary><see cref="ISecretsManagerApi"/> over awsJson1_1 (target prefix secretsmanager; members are PascalCase).</summary>
public sealed class SecretsManagerApiClient(AwsJsonClient client) : ISecretsManagerApi
{
    public async Task<Secret> GetSecretStringAsync(string secretId, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("GetSecretValue", new JsonObject { ["SecretId"] = secretId }, cancellationToken);
        // Only the id is ever quoted: the response holds the value.
        return response["SecretString"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? new Secret(text)
            : throw new InvalidDataException($"Secrets Manager secret '{secretId}' has no SecretString (binary secrets are not supported).");
    }
}
