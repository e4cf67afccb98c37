namespace Deployer.Aws.SecretsManager;

/// <summary>The Secrets Manager operation Deployer uses (awsJson1_1, target prefix secretsmanager).</summary>
public interface ISecretsManagerApi
{
    /// <summary>GetSecretValue: the SecretString, wrapped so it can never be printed.</summary>
    Task<Secrets.Secret> GetSecretStringAsync(string secretId, CancellationToken cancellationToken);
}
