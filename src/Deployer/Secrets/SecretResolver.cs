using System.Text.Json;
using Deployer.Config;

namespace Deployer.Secrets;

/// <summary>
/// Reads the value behind a <see cref="SecretRef"/> at execution time (never in a dry run) and registers it with the run's
/// <see cref="SecretValues"/> so no output can show it.
/// </summary>
public sealed class SecretResolver(
    IReadOnlyDictionary<string, string> environment, SecretValues known, SecretStore? secretsManager, SecretStore? ssm = null)
{
    public async Task<Secret> ResolveAsync(SecretRef reference, CancellationToken cancellationToken)
    {
        var value = reference switch
        {
            { Env: { } name } => environment.TryGetValue(name, out var found) && found.Length > 0
                ? new Secret(found)
                : throw new SecretResolutionException($"secret {reference}: environment variable {name} is not set"),
            { SecretsManager: { } id } => await FromSecretsManagerAsync(id, reference.Key, cancellationToken),
            { Ssm: { } name } => await (ssm ?? throw new SecretResolutionException($"secret {reference}: no AWS access for SSM"))
                (name, cancellationToken),
            _ => throw new SecretResolutionException($"secret {reference}: names no source"),
        };
        known.Add(value);
        return value;
    }

    private async Task<Secret> FromSecretsManagerAsync(string id, string? key, CancellationToken cancellationToken)
    {
        var store = secretsManager ?? throw new SecretResolutionException($"secret secretsmanager:{id}: no AWS access for Secrets Manager");
        var secret = await store(id, cancellationToken);
        if (key is null) return secret;
        known.Add(secret);
        try
        {
            using var document = JsonDocument.Parse(secret.Reveal());
            return document.RootElement.TryGetProperty(key, out var member) && member.ValueKind == JsonValueKind.String
                ? new Secret(member.GetString()!)
                : throw new SecretResolutionException($"secret secretsmanager:{id}: has no string key '{key}'");
        }
        catch (JsonException)
        {
            // The parser's message could quote the value; say only what is wrong.
            throw new SecretResolutionException($"secret secretsmanager:{id}: is not a JSON object, so key '{key}' cannot be read");
        }
    }
}

/// <summary>A secret that cannot be read; the message names the reference, never a value.</summary>
public sealed class SecretResolutionException(string message) : Exception(message);
