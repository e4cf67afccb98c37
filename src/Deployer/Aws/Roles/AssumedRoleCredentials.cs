using Amazon.Runtime;
using Amazon.SecurityToken.Model;

namespace Deployer.Aws.Roles;

/// <summary>
/// sts:AssumeRole with the run's own credentials as the source, refreshed by the SDK's signer before the session
/// expires (a long release outlives the default hour). The SDK's AssumeRoleAWSCredentials would build its STS client
/// from the process environment; this one uses Deployer's region and endpoint.
/// </summary>
internal sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    private readonly AWSCredentials _source;
    private readonly string _roleArn;
    private readonly string _sessionName;
    private readonly string _region;
    private readonly Uri? _stsEndpoint;

    /// <summary>How long before expiry the session is renewed, so no request is signed with credentials about to lapse.</summary>
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromMinutes(5);

    public AssumedRoleCredentials(AWSCredentials source, string roleArn, string sessionName, string region, Uri? stsEndpoint)
    {
        (_source, _roleArn, _sessionName, _region, _stsEndpoint) = (source, roleArn, sessionName, region, stsEndpoint);
        PreemptExpiryTime = RenewBeforeExpiry;
    }

    protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        using var sts = StsClient.Create(_source, _region, _stsEndpoint);
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = _roleArn, RoleSessionName = _sessionName });
        var c = response.Credentials;
        return new CredentialsRefreshState(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken),
            c.Expiration?.ToUniversalTime() ?? DateTime.UtcNow.AddMinutes(15));
    }
}
