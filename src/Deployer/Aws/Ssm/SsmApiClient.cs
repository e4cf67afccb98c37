using System.Text.Json.Nodes;
using Deployer.Secrets;

namespace Deployer.Aws.Ssm;

/// <summary><see cref="ISsmApi"/> over awsJson1_1 (target prefix AmazonSSM; members are PascalCase).</summary>
public sealed class SsmApiClient(AwsJsonClient client) : ISsmApi
{
    public async Task<Secret> GetParameterAsync(string name, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("GetParameter", new JsonObject { ["Name"] = name, ["WithDecryption"] = true }, cancellationToken);
        // Only the name is ever quoted: the response holds the value.
        return response["Parameter"]?["Value"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? new Secret(text)
            : throw new InvalidDataException($"SSM parameter '{name}' has no value.");
    }
}
