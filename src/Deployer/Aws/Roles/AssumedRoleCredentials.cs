using Amazon.Runtime;
using Amazon.SecurityToken.Model;

namespace Deployer.Aws.Roles;

/// <summary>
/// sts:AssumeRole with the run's own credentials as the source, renewed before the session expires (a long release
/// outlives the default hour; see <see cref="RenewingCredentials"/>). The SDK's AssumeRoleAWSCredentials would build its
/// STS client from the process environment; this one uses Deployer's region and endpoint.
/// </summary>
internal sealed class AssumedRoleCredentials(AWSCredentials source, string roleArn, string sessionName, string region, Uri? stsEndpoint, TimeProvider time)
    : RenewingCredentials(time)
{
    public string SessionName => sessionName;

    protected override async Task<StsSession> IssueAsync()
    {
        using var sts = StsClient.Create(source, region, stsEndpoint);
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = sessionName }).ConfigureAwait(false);
        var c = response.Credentials;
        return new StsSession(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), ExpirationOf(c.Expiration));
    }
}
