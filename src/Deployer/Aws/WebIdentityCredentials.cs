using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;

namespace Deployer.Aws;

/// <summary>
/// The SDK's AssumeRoleWithWebIdentity credentials (token file read and refreshed by the SDK), with the STS client built
/// from Deployer's region and endpoint instead of the process environment, so that AWS_ENDPOINT_URL_STS from the
/// injected environment is honoured.
/// </summary>
internal sealed class WebIdentityCredentials(string tokenFile, string roleArn, string sessionName, string region, Uri? stsEndpoint)
    : AssumeRoleWithWebIdentityCredentials(tokenFile, roleArn, sessionName)
{
    protected override ICoreAmazonSTS CreateClient()
    {
        // AssumeRoleWithWebIdentity is unsigned: the OIDC token is the proof, so the client needs no credentials.
        var config = stsEndpoint is null
            ? new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) }
            : new AmazonSecurityTokenServiceConfig { ServiceURL = stsEndpoint.ToString(), AuthenticationRegion = region };
        return new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
    }
}
