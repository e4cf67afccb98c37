using Deployer.Aws;

namespace Deployer.Tests.Support;

/// <summary>
/// Where a release's images go in a test: buildah (the sandbox) builds them and pushes them to docker-registry behind
/// <see cref="EcrFront"/>, which registers each manifest in moto's ECR, so Deployer sees one ECR.
/// </summary>
public static class EcrBuild
{
    /// <summary>Starts the registry and its ECR front and points Deployer's <paramref name="environment"/> at them.</summary>
    /// <returns>The front (what was pushed) and the parts to dispose, front first.</returns>
    public static async Task<(EcrFront Front, IReadOnlyList<IAsyncDisposable> Parts)> StartAsync(AwsClients aws, Uri ecrEndpoint, ImageSandbox sandbox, IDictionary<string, string> environment)
    {
        var token = await aws.Ecr.GetAuthorizationTokenAsync(CancellationToken.None);
        var registry = await OciRegistry.StartAsync(token.Username, token.Password.Reveal());
        var front = await EcrFront.StartAsync(registry, aws.Ecr);
        sandbox.ConfigureRelease(environment, ecrEndpoint, front.Host);
        environment["DEPLOYER_CONTAINER_ENGINE"] = "buildah";
        return (front, [front, registry]);
    }
}
