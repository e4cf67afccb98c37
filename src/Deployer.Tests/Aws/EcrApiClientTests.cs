using System.Security.Cryptography;
using System.Text;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The ECR client against a real moto server.</summary>
[Collection(MotoCollection.Name)]
public sealed class EcrApiClientTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);
    private IEcrApi Ecr => _clients.Ecr;

    public void Dispose() => _clients.Dispose();

    internal static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>A real Docker v2 image manifest (what `docker push` uploads for a one-layer image).</summary>
    internal static string Manifest(string seed) => $$"""
        {
           "schemaVersion": 2,
           "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
           "config": {
              "mediaType": "application/vnd.docker.container.image.v1+json",
              "size": 1469,
              "digest": "sha256:{{Sha256(seed + "config")}}"
           },
           "layers": [
              {
                 "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                 "size": 3623807,
                 "digest": "sha256:{{Sha256(seed + "layer")}}"
              }
           ]
        }
        """;

    internal static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task Login_gives_the_registry_and_a_password_that_never_prints()
    {
        var login = await Ecr.GetAuthorizationTokenAsync(CancellationToken.None);

        Assert.Equal($"https://{MotoServer.AccountId}.dkr.ecr.{MotoServer.Region}.amazonaws.com", login.Endpoint);
        Assert.Equal("AWS", login.Username);
        Assert.False(login.Password.IsEmpty);
        Assert.NotNull(login.ExpiresAt);
        Assert.DoesNotContain(login.Password.Reveal(), login.ToString());
        Assert.Contains("[REDACTED]", login.ToString());
    }

    [Fact]
    public async Task A_repository_is_absent_then_created_then_described()
    {
        var name = Name("app");

        Assert.Null(await Ecr.DescribeRepositoryAsync(name, CancellationToken.None));
        var created = await Ecr.CreateRepositoryAsync(name, scanOnPush: true, immutableTags: true, CancellationToken.None);
        var described = await Ecr.DescribeRepositoryAsync(name, CancellationToken.None);

        Assert.Equal(name, created.RepositoryName);
        Assert.Equal($"{MotoServer.AccountId}.dkr.ecr.{MotoServer.Region}.amazonaws.com/{name}", created.RepositoryUri);
        Assert.Equal($"arn:aws:ecr:{MotoServer.Region}:{MotoServer.AccountId}:repository/{name}", created.RepositoryArn);
        Assert.Equal(created, described);
    }

    [Fact]
    public async Task An_image_is_promoted_by_tagging_its_manifest_without_moving_layers()
    {
        var name = Name("promote");
        await Ecr.CreateRepositoryAsync(name, scanOnPush: false, immutableTags: false, CancellationToken.None);
        var manifest = Manifest(name);
        var digest = "sha256:" + Sha256(manifest);
        var built = new EcrManifest(manifest, "application/vnd.docker.distribution.manifest.v2+json", digest);

        var pushed = await Ecr.PutImageAsync(name, built, "sha-abc123", CancellationToken.None);
        var fetched = await Ecr.GetManifestAsync(name, "sha-abc123", CancellationToken.None);
        var promoted = await Ecr.PutImageAsync(name, fetched!, "production", CancellationToken.None);
        var again = await Ecr.PutImageAsync(name, fetched!, "production", CancellationToken.None);

        Assert.Equal((name, digest), (pushed.RepositoryName, pushed.Digest));
        Assert.Equal(["sha-abc123"], pushed.Tags);
        Assert.Equal(manifest, fetched!.Manifest);
        Assert.Equal(digest, fetched.Digest);
        Assert.Equal(digest, (await Ecr.GetManifestAsync(name, digest, CancellationToken.None))!.Digest);
        Assert.Equal(digest, promoted.Digest);
        Assert.Equal(digest, again.Digest);
        var production = await Ecr.DescribeImageByTagAsync(name, "production", CancellationToken.None);
        Assert.Equal(digest, production!.Digest);
        Assert.Contains("sha-abc123", production.Tags);
        Assert.Contains("production", production.Tags);
    }

    [Fact]
    public async Task Missing_images_are_null_not_errors()
    {
        var name = Name("empty");
        await Ecr.CreateRepositoryAsync(name, scanOnPush: false, immutableTags: false, CancellationToken.None);

        Assert.Null(await Ecr.DescribeImageByTagAsync(name, "nope", CancellationToken.None));
        Assert.Null(await Ecr.GetManifestAsync(name, "nope", CancellationToken.None));
        Assert.Null(await Ecr.GetManifestAsync(name, "sha256:" + Sha256("nope"), CancellationToken.None));
    }

    [Fact]
    public async Task Other_errors_name_the_service_the_operation_and_the_code()
    {
        var name = Name("twice");
        await Ecr.CreateRepositoryAsync(name, scanOnPush: true, immutableTags: false, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Ecr.CreateRepositoryAsync(name, scanOnPush: true, immutableTags: false, CancellationToken.None));

        Assert.Equal("RepositoryAlreadyExistsException", error.Code);
        Assert.StartsWith("ECR CreateRepository failed: RepositoryAlreadyExistsException: ", error.Message);
    }

    [Fact]
    public async Task An_image_in_a_repository_that_does_not_exist_yet_is_simply_not_there()
    {
        Assert.Null(await Ecr.DescribeImageByTagAsync(Name("ghost"), "v1", CancellationToken.None));
    }
}
