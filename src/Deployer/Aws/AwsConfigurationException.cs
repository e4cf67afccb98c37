namespace Deployer.Aws;

/// <summary>
/// AWS settings that cannot work (no region, an endpoint variable that is not a URL), found before any call is made.
/// The message says what to set; every problem found is in it.
/// </summary>
public class AwsConfigurationException(string message) : Exception(message);

/// <summary>No AWS credentials anywhere Deployer looks; the message lists where it looked and how to provide them.</summary>
public sealed class AwsCredentialsMissingException : AwsConfigurationException
{
    public AwsCredentialsMissingException(string reason, IReadOnlyList<string>? otherProblems = null)
        : base(Compose(reason, otherProblems ?? [])) => Reason = reason;

    /// <summary>Why nothing was found, e.g. which profile was missing.</summary>
    public string Reason { get; }

    private static string Compose(string reason, IReadOnlyList<string> otherProblems) =>
        string.Join(Environment.NewLine, [
            $"No AWS credentials: {reason}.",
            "Provide them in one of these ways:",
            "  - set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys);",
            "  - set AWS_PROFILE to a profile of ~/.aws/config or ~/.aws/credentials (static keys, role, SSO or credential_process);",
            "  - in GitHub Actions, give the job `permissions: id-token: write`: Deployer assumes the environment's `aws.role`",
            "    with the job's OIDC token (with other credentials, it calls sts:AssumeRole for that role itself);",
            "  - set AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN to assume a role with an OIDC token file.",
            .. otherProblems]);
}
