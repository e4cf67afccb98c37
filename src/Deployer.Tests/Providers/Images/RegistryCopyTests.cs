using Deployer.Providers.Images;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Images;

/// <summary>A promotion across registries (accounts, regions) copies by digest between two real registries with separate logins.</summary>
public sealed class RegistryCopyTests
{
    private static RegistryEndpoint Endpoint(OciRegistry registry, string repository, RegistryLogin? login = null) =>
        new(new Uri($"http://{registry.Host}/"), repository, login ?? registry.Login);

    [Fact]
    public async Task The_target_receives_the_same_digest_under_the_tag_and_a_second_copy_moves_no_blob()
    {
        await using var staging = await OciRegistry.StartAsync("AWS", "staging-token-" + Guid.NewGuid().ToString("N"));
        await using var production = await OciRegistry.StartAsync("AWS", "production-token-" + Guid.NewGuid().ToString("N"));
        var digest = await staging.PutImageAsync("saas-backend", "abc123", layerBytes: 64 * 1024);
        var copied = new List<string>();
        using var transport = new SocketsHttpHandler();
        var copy = new RegistryCopy(transport, copied.Add);

        var first = await copy.CopyAsync(Endpoint(staging, "saas-backend"), digest, Endpoint(production, "saas-backend"), "abc123", CancellationToken.None);
        var blobsFirst = copied.Count;
        await copy.CopyAsync(Endpoint(staging, "saas-backend"), digest, Endpoint(production, "saas-backend"), "abc123", CancellationToken.None);

        Assert.Equal(digest, first);
        Assert.Equal(digest, await production.GetManifestDigestAsync("saas-backend", "abc123"));
        Assert.Equal(2, blobsFirst);
        Assert.Equal(2, copied.Count);
    }

    [Fact]
    public async Task A_refused_login_is_named_without_the_password()
    {
        await using var staging = await OciRegistry.StartAsync("AWS", "staging-token-" + Guid.NewGuid().ToString("N"));
        await using var production = await OciRegistry.StartAsync("AWS", "production-token-" + Guid.NewGuid().ToString("N"));
        var digest = await staging.PutImageAsync("saas-backend", "abc123");
        using var transport = new SocketsHttpHandler();
        var wrong = new RegistryLogin("AWS", new Secret("not-the-production-token"));

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => new RegistryCopy(transport, _ => { })
            .CopyAsync(Endpoint(staging, "saas-backend"), digest, Endpoint(production, "saas-backend", wrong), "abc123", CancellationToken.None));

        Assert.StartsWith("could not ", error.Message);
        Assert.Contains("the registry refused the login (401)", error.Message);
        Assert.DoesNotContain("not-the-production-token", error.Message);
    }
}
