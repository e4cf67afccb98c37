namespace Deployer.Aws.Roles;

/// <summary>
/// The description's aws.role cannot be had with the run's credentials (STS refused them or refused the AssumeRole).
/// One line: the config path, the role, the identity used and STS's answer; never a secret.
/// </summary>
public sealed class AwsRoleException(string message) : AwsConfigurationException(message);
