using System.Diagnostics;
using Deployer.Providers.Images;
using Deployer.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Tests.Providers.Images;

/// <summary>Real podman (vfs storage, runc, cgroupfs, chroot isolation) building and pushing to a real registry.</summary>
public sealed class PodmanPublishTests(ITestOutputHelper output)
{
    [Fact]
    public async Task I_can_build_and_push_with_podman_and_get_the_registry_digest()
    {
        await using var registry = await OciRegistry.StartAsync("deployer", "podman-Registry-Pa55word");
        using var sandbox = new ImageSandbox("podman", output);
        var context = sandbox.BusyboxContext("hello from podman");
        var request = new ImageBuildRequest(context)
        {
            Dockerfile = Path.Combine(context, "Dockerfile"),
            Tags = ["localhost/worker:build"],
            Revision = "89abcdef0123456789abcdef0123456789abcdef",
        };

        var build = Stopwatch.StartNew();
        await sandbox.Publisher.BuildAsync(request, CancellationToken.None);
        build.Stop();
        var push = Stopwatch.StartNew();
        var pushed = await sandbox.Publisher.PushAsync("localhost/worker:build", registry.Reference("acme/worker", "89abcdef"), registry.Login, CancellationToken.None);
        push.Stop();
        output.WriteLine($"podman build {build.ElapsedMilliseconds} ms, push {push.ElapsedMilliseconds} ms");

        Assert.Equal(await registry.GetManifestDigestAsync("acme/worker", "89abcdef"), pushed.Digest);
        Assert.Equal($"{registry.Host}/acme/worker@{pushed.Digest}", pushed.Reference);
        Assert.Equal("89abcdef0123456789abcdef0123456789abcdef", (await registry.GetLabelsAsync("acme/worker", pushed.Digest))[ImageBuildRequest.RevisionLabel]);
        Assert.Equal("89abcdef0123456789abcdef0123456789abcdef", (await sandbox.Publisher.InspectAsync("localhost/worker:build", CancellationToken.None)).Labels[ImageBuildRequest.RevisionLabel]);
        Assert.DoesNotContain("podman-Registry-Pa55word", string.Join("\n", sandbox.Lines));
    }
}
