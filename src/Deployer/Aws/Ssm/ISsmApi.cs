namespace Deployer.Aws.Ssm;

/// <summary>The Systems Manager Parameter Store operation Deployer uses (awsJson1_1, target prefix AmazonSSM).</summary>
public interface ISsmApi
{
    /// <summary>GetParameter with decryption: a String or SecureString value, wrapped so it can never be printed.</summary>
    Task<Secrets.Secret> GetParameterAsync(string name, CancellationToken cancellationToken);
}
