using Amazon.S3.Model;
using Deployer.Aws;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>The SDK's S3 client built from the run's AWS settings, against a real moto server.</summary>
[Collection(MotoCollection.Name)]
public sealed class S3ClientTests(MotoServer moto)
{
    [Fact]
    public async Task The_S3_client_uses_the_general_endpoint_override_path_style()
    {
        using var clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System);
        var bucket = EcrApiClientTests.Name("site").ToLowerInvariant();
        await clients.S3.PutBucketAsync(bucket);

        await clients.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = "assets/app.js", ContentBody = "console.log(1);", ContentType = "text/javascript",
            Metadata = { ["sha256"] = "abc" },
        });
        var head = await clients.S3.GetObjectMetadataAsync(bucket, "assets/app.js");

        Assert.Equal("text/javascript", head.Headers.ContentType);
        Assert.Equal("abc", head.Metadata["sha256"]);
        Assert.Equal(15, head.ContentLength);
    }

    [Fact]
    public async Task The_S3_specific_endpoint_wins_over_the_general_one()
    {
        // The general endpoint points nowhere: only AWS_ENDPOINT_URL_S3 reaches moto.
        using var clients = AwsClients.FromEnvironment(
            moto.Environment(("AWS_ENDPOINT_URL", "http://127.0.0.1:9/"), ("AWS_ENDPOINT_URL_S3", moto.Endpoint.ToString())),
            null, TimeProvider.System);
        var bucket = EcrApiClientTests.Name("own").ToLowerInvariant();

        await clients.S3.PutBucketAsync(bucket);
        var listed = await clients.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Empty(listed.S3Objects ?? []);
    }
}
