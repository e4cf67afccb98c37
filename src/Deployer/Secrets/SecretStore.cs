namespace Deployer.Secrets;

/// <summary>
/// A service secrets are read from by name (Secrets Manager, SSM Parameter Store). The resolver reads through this
/// port, so the secrets area knows no wire client and the AWS layer can depend on it without a cycle.
/// </summary>
public delegate Task<Secret> SecretStore(string name, CancellationToken cancellationToken);
