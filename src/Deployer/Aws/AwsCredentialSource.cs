using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Deployer.Secrets;

namespace Deployer.Aws;

/// <summary>
/// Where the AWS credentials of a run come from, decided once from the injected environment (see
/// <see cref="AwsEnvironment"/>). The SDK credential types do the actual work, including refreshing temporary
/// credentials; this record only says which one to build, and prints without secrets.
/// </summary>
public abstract record AwsCredentialSource
{
    private AwsCredentialSource() { }

    /// <summary>A short description for plans and error messages (never a secret).</summary>
    public abstract string Describe();

    /// <summary>The SDK credentials object that SigV4 signing resolves on every request.</summary>
    internal abstract AWSCredentials CreateSdkCredentials(AwsSettings settings);

    /// <summary>True when these credentials are <paramref name="roleArn"/> by construction, so no STS call has to say so.</summary>
    internal virtual bool IsRole(string roleArn) => false;

    /// <summary>AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN).</summary>
    public sealed record StaticKeys(string AccessKeyId, Secret SecretAccessKey, Secret? SessionToken) : AwsCredentialSource
    {
        public override string Describe() => $"access key {AccessKeyId} from the environment";

        internal override AWSCredentials CreateSdkCredentials(AwsSettings settings) => SessionToken is { IsEmpty: false } token
            ? new SessionAWSCredentials(AccessKeyId, SecretAccessKey.Reveal(), token.Reveal())
            : new BasicAWSCredentials(AccessKeyId, SecretAccessKey.Reveal());
    }

    /// <summary>AssumeRoleWithWebIdentity with an OIDC token file (GitHub Actions, EKS): AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN.</summary>
    public sealed record WebIdentity(string TokenFile, string RoleArn, string SessionName) : AwsCredentialSource
    {
        public override string Describe() => $"role {RoleArn} assumed with the web identity token in {TokenFile}";

        internal override AWSCredentials CreateSdkCredentials(AwsSettings settings) =>
            new WebIdentityCredentials(TokenFile, RoleArn, SessionName, settings.Region, settings.OverriddenEndpoint(AwsService.Sts));

        internal override bool IsRole(string roleArn) => RoleArn == roleArn;
    }

    /// <summary>The description's aws.role assumed with GitHub Actions' OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN).</summary>
    public sealed record GitHubOidc(Uri RequestUrl, Secret RequestToken, string RoleArn) : AwsCredentialSource
    {
        /// <summary>The STS session name; the run's (<see cref="Roles.RoleSessionName"/>) once the role is applied.</summary>
        public string SessionName { get; init; } = "deployer";

        public override string Describe() => $"role {RoleArn} assumed with GitHub Actions' OIDC token";

        internal override AWSCredentials CreateSdkCredentials(AwsSettings settings) =>
            new GitHubOidcCredentials(RequestUrl, RequestToken.Reveal(), RoleArn, SessionName, settings.Region, settings.OverriddenEndpoint(AwsService.Sts), settings.Time);

        internal override bool IsRole(string roleArn) => RoleArn == roleArn;
    }

    /// <summary>
    /// The description's aws.role, assumed (sts:AssumeRole) with the credentials of <paramref name="Source"/>, whose
    /// identity is another; see <see cref="Roles.RoleAssumption"/>.
    /// </summary>
    public sealed record AssumedRole(AwsCredentialSource Source, string RoleArn, string SessionName) : AwsCredentialSource
    {
        public override string Describe() => $"role {RoleArn} (session {SessionName}) assumed with {Source.Describe()}";

        internal override AWSCredentials CreateSdkCredentials(AwsSettings settings) => Assume(Source.CreateSdkCredentials(settings), settings);

        internal AWSCredentials Assume(AWSCredentials source, AwsSettings settings) =>
            new Roles.AssumedRoleCredentials(source, RoleArn, SessionName, settings.Region, settings.OverriddenEndpoint(AwsService.Sts), settings.Time);

        internal override bool IsRole(string roleArn) => RoleArn == roleArn;
    }

    /// <summary>A named profile of the shared credentials/config files (static keys, role, SSO or credential_process).</summary>
    public sealed record Profile(string Name, string CredentialsFile) : AwsCredentialSource
    {
        public override string Describe() => $"profile '{Name}' ({CredentialsFile} and the config file beside it)";

        internal override AWSCredentials CreateSdkCredentials(AwsSettings settings)
        {
            var file = new SharedCredentialsFile(CredentialsFile);
            if (!file.TryGetProfile(Name, out var profile) || !profile.CanCreateAWSCredentials)
                throw new AwsCredentialsMissingException($"profile '{Name}' has no credentials any more");
            return AWSCredentialsFactory.GetAWSCredentials(profile, file);
        }
    }

    /// <summary>ECS task role or EKS pod identity: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI.</summary>
    public sealed record Container : AwsCredentialSource
    {
        public override string Describe() => "the container credentials endpoint (ECS task role / EKS pod identity)";

        // The SDK provider reads the AWS_CONTAINER_* variables from the process itself; the injected environment only
        // decides that this source applies. In a container both are the same environment.
        internal override AWSCredentials CreateSdkCredentials(AwsSettings settings)
        {
            try
            {
                return new GenericContainerCredentials();
            }
            catch (ArgumentException e)
            {
                throw new AwsCredentialsMissingException($"the container credentials endpoint cannot be used ({e.Message})");
            }
        }
    }
}
