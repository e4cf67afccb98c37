using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using Deployer.Aws;
using Deployer.Aws.CloudFront;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The CloudFront client against botocore's model and a real moto server.</summary>
[Collection(MotoCollection.Name)]
public sealed class CloudFrontApiClientTests(MotoServer moto) : IDisposable
{
    private readonly AwsClients _clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);

    public void Dispose() => _clients.Dispose();

    [Theory]
    [InlineData("CreateInvalidation", "POST", "/2020-05-31/distribution/{DistributionId}/invalidation")]
    [InlineData("GetInvalidation", "GET", "/2020-05-31/distribution/{DistributionId}/invalidation/{Id}")]
    [InlineData("GetDistribution", "GET", "/2020-05-31/distribution/{Id}")]
    public void The_operations_use_the_botocore_method_and_uri(string operation, string method, string uri)
    {
        var http = ServiceModel.Botocore.Operation("cloudfront", operation)["http"]!;

        Assert.Equal((method, uri), ((string?)http["method"], (string?)http["requestUri"]));
    }

    [Fact]
    public void The_service_constant_matches_the_botocore_metadata()
    {
        var metadata = ServiceModel.Botocore.Metadata("cloudfront");

        Assert.Equal(("CloudFront", "cloudfront", "rest-xml", CloudFrontApiClient.ApiVersion, "cloudfront.amazonaws.com"),
            ((string?)metadata["serviceId"], (string?)metadata["signingName"], (string?)metadata["protocol"], (string?)metadata["apiVersion"], (string?)metadata["globalEndpoint"]));
        Assert.Equal((AwsService.CloudFront.ServiceId, AwsService.CloudFront.SigningName, AwsService.CloudFront.GlobalHost),
            ("CloudFront", "cloudfront", "cloudfront.amazonaws.com"));
    }

    [Fact]
    public void The_invalidation_batch_has_the_botocore_member_names()
    {
        var batch = CloudFrontApiClient.InvalidationBatch(["/index.html", "/about/"], "ref-1");
        var model = ServiceModel.Botocore;

        Assert.Equal("http://cloudfront.amazonaws.com/doc/2020-05-31/", batch.Name.NamespaceName);
        Assert.Equal(model.Members("cloudfront", "InvalidationBatch").Order(), batch.Elements().Select(e => e.Name.LocalName).Order());
        Assert.Equal(model.Members("cloudfront", "Paths").Order(), batch.Element(batch.Name.Namespace + "Paths")!.Elements().Select(e => e.Name.LocalName).Order());
        Assert.Equal((string?)model.Shape("cloudfront", "PathList")["member"]!["locationName"],
            batch.Descendants(batch.Name.Namespace + "Items").Elements().Select(e => e.Name.LocalName).Distinct().Single());
    }

    [Fact]
    public async Task An_invalidation_is_created_and_followed_until_completed()
    {
        var distributionId = await CreateDistributionAsync(moto);

        var distribution = await _clients.CloudFront.GetDistributionAsync(distributionId, CancellationToken.None);
        var created = await _clients.CloudFront.CreateInvalidationAsync(distributionId, ["/index.html", "/about/index.html"], Guid.NewGuid().ToString("N"), CancellationToken.None);
        var followed = await _clients.CloudFront.GetInvalidationAsync(distributionId, created.Id, CancellationToken.None);

        Assert.Equal(distributionId, distribution.Id);
        Assert.NotEmpty(distribution.DomainName);
        Assert.Equal(created.Id, followed.Id);
        Assert.True(followed.Completed, followed.Status);
    }

    [Fact]
    public async Task A_missing_distribution_is_a_service_error_naming_the_operation()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _clients.CloudFront.GetDistributionAsync("EDOESNOTEXIST", CancellationToken.None));

        Assert.Contains("GetDistribution", error.Message);
    }

    /// <summary>The aws CLI creates the distribution: the client under test has no CreateDistribution on purpose.</summary>
    internal static async Task<string> CreateDistributionAsync(MotoServer moto)
    {
        var start = new ProcessStartInfo("aws", ["cloudfront", "create-distribution", "--origin-domain-name", "site.s3.amazonaws.com", "--output", "json"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in moto.Environment(("AWS_DEFAULT_REGION", MotoServer.Region))) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("Distribution").GetProperty("Id").GetString()!;
    }
}
