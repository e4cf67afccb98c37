using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;

namespace Deployer.Aws;

/// <summary>
/// The SDK's AssumeRoleWithWebIdentity credentials (token file read and refreshed by the SDK), with Deployer's STS client
/// (<see cref="Roles.StsClient"/>).
/// </summary>
internal sealed class WebIdentityCredentials(string tokenFile, string roleArn, string sessionName, string region, Uri? stsEndpoint)
    : AssumeRoleWithWebIdentityCredentials(tokenFile, roleArn, sessionName)
{
    protected override ICoreAmazonSTS CreateClient()
    {
        // AssumeRoleWithWebIdentity is unsigned: the OIDC token is the proof, so the client needs no credentials.
        return Roles.StsClient.Create(new AnonymousAWSCredentials(), region, stsEndpoint);
    }
}
