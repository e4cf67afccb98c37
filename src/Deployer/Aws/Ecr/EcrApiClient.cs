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

    public async Task<EcrScanFindings?> DescribeImageScanFindingsAsync(string repositoryName, string digest, CancellationToken cancellationToken)
    {
        var findings = new List<EcrFinding>();
        string? nextToken = null;
        JsonNode response;
        do
        {
            var request = new JsonObject
            {
                ["repositoryName"] = repositoryName,
                ["imageId"] = new JsonObject { ["imageDigest"] = digest },
                ["maxResults"] = 1000,
            };
            if (nextToken is not null) request["nextToken"] = nextToken;
            try
            {
                response = await client.SendAsync("DescribeImageScanFindings", request, cancellationToken);
            }
            catch (AwsServiceException e) when (e.Code == "ScanNotFoundException")
            {
                return null;
            }
            var page = response["imageScanFindings"];
            findings.AddRange((page?["findings"] as JsonArray ?? []).OfType<JsonNode>().Select(BasicFinding));
            findings.AddRange((page?["enhancedFindings"] as JsonArray ?? []).OfType<JsonNode>()
                // Suppressed and closed findings are ones the account already decided about.
                .Where(f => (string?)f["status"] is null or "ACTIVE")
                .Select(EnhancedFinding));
            nextToken = (string?)response["nextToken"];
        } while (nextToken is not null);

        var status = response["imageScanStatus"];
        var counts = (response["imageScanFindings"]?["findingSeverityCounts"] as JsonObject ?? [])
            .ToDictionary(c => c.Key, c => c.Value?.GetValue<int>() ?? 0, StringComparer.Ordinal);
        return new EcrScanFindings((string?)status?["status"] ?? "IN_PROGRESS", (string?)status?["description"], findings, counts);
    }

    public async Task<string> StartImageScanAsync(string repositoryName, string digest, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["repositoryName"] = repositoryName, ["imageId"] = new JsonObject { ["imageDigest"] = digest } };
        var response = await client.SendAsync("StartImageScan", request, cancellationToken);
        return (string?)response["imageScanStatus"]?["status"] ?? "IN_PROGRESS";
    }

    /// <summary>A basic (Clair) finding: the CVE is its name, the package is in its attributes, no fixed version.</summary>
    private static EcrFinding BasicFinding(JsonNode finding)
    {
        var attributes = (finding["attributes"] as JsonArray ?? []).OfType<JsonNode>()
            .Where(a => (string?)a["key"] is not null)
            .GroupBy(a => (string)a["key"]!).ToDictionary(g => g.Key, g => (string?)g.First()["value"], StringComparer.Ordinal);
        return new EcrFinding(Required(finding, "name", "DescribeImageScanFindings"), (string?)finding["severity"] ?? "UNDEFINED",
            attributes.GetValueOrDefault("package_name"), attributes.GetValueOrDefault("package_version"));
    }

    /// <summary>An enhanced (Inspector) finding: the vulnerability id and its first vulnerable package, with the fixed version.</summary>
    private static EcrFinding EnhancedFinding(JsonNode finding)
    {
        var details = finding["packageVulnerabilityDetails"];
        var package = (details?["vulnerablePackages"] as JsonArray)?.FirstOrDefault();
        var id = (string?)details?["vulnerabilityId"] ?? (string?)finding["title"] ?? (string?)finding["findingArn"] ?? "unnamed finding";
        return new EcrFinding(id, (string?)finding["severity"] ?? "UNDEFINED", (string?)package?["name"], (string?)package?["version"],
            (string?)package?["fixedInVersion"] is { Length: > 0 } fixedIn && fixedIn != "NotAvailable" ? fixedIn : null);
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
