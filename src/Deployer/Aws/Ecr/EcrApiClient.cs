using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Secrets;

namespace Deployer.Aws.Ecr;

/// <summary><see cref="IEcrApi"/> over awsJson1_1 (target prefix AmazonEC2ContainerRegistry_V20150921).</summary>
public sealed class EcrApiClient(AwsJsonClient client) : IEcrApi
{
    // Every manifest kind a registry may hold; without them BatchGetImage converts OCI images to Docker v2.
    private static readonly string[] ManifestMediaTypes =
    [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    public async Task<RegistryCredentials> GetAuthorizationTokenAsync(CancellationToken cancellationToken)
    {
        var response = await client.SendAsync("GetAuthorizationToken", new JsonObject(), cancellationToken);
        var data = (response["authorizationData"] as JsonArray)?.FirstOrDefault()
                   ?? throw new InvalidDataException("ECR GetAuthorizationToken returned no authorizationData.");
        var endpoint = (string?)data["proxyEndpoint"] ?? throw new InvalidDataException("ECR GetAuthorizationToken returned no proxyEndpoint.");
        var (user, password) = DecodeToken((string?)data["authorizationToken"]);
        var expiresAt = data["expiresAt"]?.Deserialize<DateTimeOffset?>(AwsJson.Options);
        return new RegistryCredentials(endpoint, user, password, expiresAt);
    }

    public async Task<EcrRepository?> DescribeRepositoryAsync(string repositoryName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.SendAsync("DescribeRepositories", new JsonObject { ["repositoryNames"] = new JsonArray(repositoryName) }, cancellationToken);
            return (response["repositories"] as JsonArray)?.FirstOrDefault() is { } repository ? Repository(repository) : null;
        }
        catch (AwsServiceException e) when (e.Code == "RepositoryNotFoundException")
        {
            return null;
        }
    }

    public async Task<EcrRepository> CreateRepositoryAsync(string repositoryName, bool scanOnPush, bool immutableTags, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["repositoryName"] = repositoryName,
            ["imageTagMutability"] = immutableTags ? "IMMUTABLE" : "MUTABLE",
            ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = scanOnPush },
        };
        var response = await client.SendAsync("CreateRepository", request, cancellationToken);
        return Repository(response["repository"] ?? throw new InvalidDataException("ECR CreateRepository returned no repository."));
    }

    public async Task<EcrImage?> DescribeImageByTagAsync(string repositoryName, string tag, CancellationToken cancellationToken)
    {
        try
        {
            var request = new JsonObject { ["repositoryName"] = repositoryName, ["imageIds"] = new JsonArray(new JsonObject { ["imageTag"] = tag }) };
            var response = await client.SendAsync("DescribeImages", request, cancellationToken);
            if ((response["imageDetails"] as JsonArray)?.FirstOrDefault() is not { } detail) return null;
            var tags = (detail["imageTags"] as JsonArray ?? []).Select(t => (string?)t).OfType<string>().ToArray();
            return new EcrImage((string?)detail["repositoryName"] ?? repositoryName, Required(detail, "imageDigest", "DescribeImages"), tags);
        }
        catch (AwsServiceException e) when (e.Code is "ImageNotFoundException" or "RepositoryNotFoundException")
        {
            return null;
        }
    }

    public async Task<EcrManifest?> GetManifestAsync(string repositoryName, string digestOrTag, CancellationToken cancellationToken)
    {
        var imageId = digestOrTag.StartsWith("sha256:", StringComparison.Ordinal)
            ? new JsonObject { ["imageDigest"] = digestOrTag }
            : new JsonObject { ["imageTag"] = digestOrTag };
        var request = new JsonObject
        {
            ["repositoryName"] = repositoryName,
            ["imageIds"] = new JsonArray(imageId),
            ["acceptedMediaTypes"] = new JsonArray([.. ManifestMediaTypes.Select(type => (JsonNode?)type)]),
        };
        var response = await client.SendAsync("BatchGetImage", request, cancellationToken);
        if ((response["images"] as JsonArray)?.FirstOrDefault() is not { } image) return null;
        var manifest = Required(image, "imageManifest", "BatchGetImage");
        var digest = (string?)image["imageId"]?["imageDigest"] ?? Digest(manifest);
        return new EcrManifest(manifest, (string?)image["imageManifestMediaType"], digest);
    }

    public async Task<EcrImage> PutImageAsync(string repositoryName, EcrManifest manifest, string tag, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["repositoryName"] = repositoryName,
            ["imageManifest"] = manifest.Manifest,
            ["imageTag"] = tag,
            ["imageDigest"] = manifest.Digest,
        };
        if (manifest.MediaType is not null) request["imageManifestMediaType"] = manifest.MediaType;
        try
        {
            var response = await client.SendAsync("PutImage", request, cancellationToken);
            var image = response["image"] ?? throw new InvalidDataException("ECR PutImage returned no image.");
            return new EcrImage((string?)image["repositoryName"] ?? repositoryName, (string?)image["imageId"]?["imageDigest"] ?? manifest.Digest, [tag]);
        }
        catch (AwsServiceException e) when (e.Code == "ImageAlreadyExistsException")
        {
            // The tag already points at this manifest: nothing to do.
            return await DescribeImageByTagAsync(repositoryName, tag, cancellationToken) ?? new EcrImage(repositoryName, manifest.Digest, [tag]);
        }
    }

    /// <summary>base64("AWS:&lt;password&gt;") → (AWS, password). Errors never quote the token.</summary>
    internal static (string User, Secret Password) DecodeToken(string? token)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token ?? throw new InvalidDataException("ECR GetAuthorizationToken returned no authorizationToken.")));
        }
        catch (FormatException)
        {
            throw new InvalidDataException("ECR GetAuthorizationToken returned an authorizationToken that is not base64.");
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) throw new InvalidDataException("ECR GetAuthorizationToken returned an authorizationToken that is not user:password.");
        return (decoded[..colon], new Secret(decoded[(colon + 1)..]));
    }

    private static EcrRepository Repository(JsonNode json) => new(
        Required(json, "repositoryName", "DescribeRepositories"), Required(json, "repositoryArn", "DescribeRepositories"),
        Required(json, "repositoryUri", "DescribeRepositories"), (string?)json["registryId"]);

    private static string Required(JsonNode json, string name, string operation) =>
        (string?)json[name] ?? throw new InvalidDataException($"ECR {operation} returned no {name}.");

    private static string Digest(string manifest) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));
}
