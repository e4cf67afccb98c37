using System.Diagnostics;
using Deployer.Execution;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.StaticSites;

/// <summary>The AWS CLI's <c>aws s3 sync</c> as the peer: what our publish leaves in a bucket, compared with what it leaves.</summary>
[Collection(MotoCollection.Name)]
public sealed class StaticSitePeerTests(MotoServer moto)
{
    [Fact]
    public async Task Our_publish_leaves_the_same_keys_and_bytes_as_aws_s3_sync_with_content_types_at_least_as_good()
    {
        using var bed = (await StaticSiteTestbed.StartAsync(moto)).Site()
            .Write("fonts/inter.woff2", "woff2").Write("data/feed.json", "{}").Write("robots.txt", "User-agent: *").Write("favicon.svg", "<svg/>");
        var ours = await bed.BucketAsync();
        var theirs = await bed.BucketAsync();

        var result = await bed.RunAsync(StaticSiteTestbed.Step(bed.Spec(ours)));
        await SyncAsync(moto, bed.Directory, theirs);

        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        var mine = await bed.ObjectsAsync(ours);
        var peer = await bed.ObjectsAsync(theirs);
        Assert.Equal(peer.Keys, mine.Keys);
        foreach (var (key, expected) in peer)
        {
            Assert.Equal(expected.Body, mine[key].Body);
            var (ourType, peerType) = (mine[key].ContentType, expected.ContentType);
            if (!peerType.EndsWith("octet-stream", StringComparison.Ordinal)) Assert.False(ourType.EndsWith("octet-stream", StringComparison.Ordinal), key);
            Assert.True(MediaType(ourType) == MediaType(peerType) || Equivalent(MediaType(ourType), MediaType(peerType)), $"{key}: ours {ourType}, aws {peerType}");
            if (ourType.StartsWith("text/", StringComparison.Ordinal)) Assert.Contains("charset=utf-8", ourType);
        }
    }

    private static string MediaType(string contentType) => contentType.Split(';')[0].Trim();

    // JavaScript's registered type is text/javascript (RFC 9239); older tables say application/javascript.
    private static bool Equivalent(string ours, string theirs) =>
        (ours, theirs) is ("text/javascript", "application/javascript") or ("text/javascript", "application/x-javascript")
        || theirs.EndsWith("octet-stream", StringComparison.Ordinal);

    internal static async Task SyncAsync(MotoServer moto, string directory, string bucket, params string[] extra)
    {
        var start = new ProcessStartInfo("aws", ["s3", "sync", directory, $"s3://{bucket}", "--endpoint-url", moto.Endpoint.ToString(), "--only-show-errors", .. extra])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in moto.Environment(("AWS_DEFAULT_REGION", MotoServer.Region))) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
    }
}
