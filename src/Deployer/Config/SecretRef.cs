using System.ComponentModel;

namespace Deployer.Config;

/// <summary>
/// Where a secret value lives. Only the reference is part of the description; the value is read at execution,
/// never during a dry run, and is never printed.
/// </summary>
public sealed record SecretRef : IValidated
{
    [Description("Secrets Manager secret name or ARN.")]
    public string? SecretsManager { get; init; }

    [Description("JSON key inside a Secrets Manager secret.")]
    public string? Key { get; init; }

    [Description("SSM Parameter Store parameter name (SecureString).")]
    public string? Ssm { get; init; }

    [Description("Environment variable of the process running Deployer.")]
    public string? Env { get; init; }

    public IEnumerable<ConfigIssue> Validate()
    {
        var given = new[] { SecretsManager, Ssm, Env }.Count(v => v is not null);
        if (given != 1)
            yield return new ConfigIssue("", "a secret reference needs exactly one of 'secretsManager', 'ssm' or 'env'");
        if (Key is not null && SecretsManager is null)
            yield return new ConfigIssue("key", "'key' only applies to 'secretsManager' references");
    }

    /// <summary>Where the value comes from, safe to print.</summary>
    public override string ToString() =>
        SecretsManager is not null ? $"secretsmanager:{SecretsManager}{(Key is null ? "" : "#" + Key)}"
        : Ssm is not null ? $"ssm:{Ssm}"
        : $"env:{Env}";
}
