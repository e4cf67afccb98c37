using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;

namespace Deployer.Aws.Roles;

/// <summary>
/// The SDK's STS client built from Deployer's region and endpoint instead of the process environment, so that
/// AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL from the injected environment are honoured.
/// </summary>
internal static class StsClient
{
    public static AmazonSecurityTokenServiceClient Create(AWSCredentials credentials, string region, Uri? endpoint) => new(credentials, Config(region, endpoint));

    public static AmazonSecurityTokenServiceConfig Config(string region, Uri? endpoint) => endpoint is null
        ? new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region) }
        : new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region };
}
