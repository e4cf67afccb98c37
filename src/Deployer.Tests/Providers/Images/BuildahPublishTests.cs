using System.Diagnostics;
using Deployer.Providers.Images;
using Deployer.Runs;
using Deployer.Secrets;
using Deployer.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Tests.Providers.Images;

/// <summary>Real buildah builds pushed to a real registry on 127.0.0.1 with htpasswd auth.</summary>
public sealed class BuildahPublishTests(ITestOutputHelper output)
{
    private const string Password = "buildah-Registry-Pa55word";

    [Fact]
    public async Task I_can_build_an_image_push_it_and_get_the_digest_the_registry_stored()
    {
        await using var registry = await OciRegistry.StartAsync("deployer", Password);
        using var sandbox = new ImageSandbox("buildah", output);
        var revision = await GitRevision.ResolveAsync(null, new Dictionary<string, string>(), Repository.Root, CancellationToken.None);
        var request = new ImageBuildRequest(sandbox.BusyboxContext())
        {
            Tags = ["localhost/web:build"],
            Revision = revision,
            Source = "https://github.com/acme/web",
            Labels = new Dictionary<string, string> { ["com.example.team"] = "platform" },
        };

        var build = Stopwatch.StartNew();
        await sandbox.Publisher.BuildAsync(request, CancellationToken.None);
        build.Stop();
        var push = Stopwatch.StartNew();
        var pushed = await sandbox.Publisher.PushAsync("localhost/web:build", registry.Reference("acme/web", revision[..12]), registry.Login, CancellationToken.None);
        push.Stop();
        output.WriteLine($"buildah build {build.ElapsedMilliseconds} ms, push {push.ElapsedMilliseconds} ms");

        Assert.Equal(await registry.GetManifestDigestAsync("acme/web", revision[..12]), pushed.Digest);
        Assert.Equal($"{registry.Host}/acme/web@{pushed.Digest}", pushed.Reference);
        Assert.Equal(pushed.Digest, await registry.GetManifestDigestAsync("acme/web", pushed.Digest));
        var labels = await registry.GetLabelsAsync("acme/web", pushed.Digest);
        Assert.Equal(revision, labels[ImageBuildRequest.RevisionLabel]);
        Assert.Equal("https://github.com/acme/web", labels[ImageBuildRequest.SourceLabel]);
        Assert.Equal("platform", labels["com.example.team"]);
        Assert.Equal(revision, (await sandbox.Publisher.InspectAsync("localhost/web:build", CancellationToken.None)).Labels[ImageBuildRequest.RevisionLabel]);
        AssertNoPassword(sandbox);
        Assert.Empty(Directory.GetDirectories(sandbox.Directory, "deployer-auth-*"));
    }

    [Fact]
    public async Task A_wrong_password_fails_the_push_with_a_clear_error_that_does_not_show_the_password()
    {
        await using var registry = await OciRegistry.StartAsync("deployer", Password);
        using var sandbox = new ImageSandbox("buildah", output);
        var wrong = new RegistryLogin("deployer", new Secret("not-the-Pa55word"));

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() => sandbox.Publisher.PublishAsync(
            new ImageBuildRequest(sandbox.BusyboxContext()) { Revision = "0123456789abcdef0123456789abcdef01234567" },
            registry.Reference("acme/web", "denied"), wrong, CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.Contains($"{registry.Host} refused the credentials of user 'deployer'", error.Message);
        Assert.DoesNotContain("not-the-Pa55word", error.Message);
        Assert.DoesNotContain("not-the-Pa55word", string.Join("\n", sandbox.Lines));
        Assert.Empty(Directory.GetDirectories(sandbox.Directory, "deployer-auth-*"));
    }

    [Fact]
    public async Task I_can_copy_a_pushed_image_to_another_repository_by_pull_and_push()
    {
        await using var registry = await OciRegistry.StartAsync("deployer", Password);
        using var sandbox = new ImageSandbox("buildah", output);
        var original = await sandbox.Publisher.PublishAsync(
            new ImageBuildRequest(sandbox.BusyboxContext()) { Revision = "0123456789abcdef0123456789abcdef01234567" },
            registry.Reference("staging/web", "v1"), registry.Login, CancellationToken.None);

        // A fresh storage, as a promotion job has: the layers really travel through pull and push.
        using var promoter = new ImageSandbox("buildah", output);
        var copy = await ImageCopyTiming.PullPushAsync(promoter.Publisher, original.Reference, registry.Login,
            registry.Reference("production/web", "v1"), registry.Login);
        output.WriteLine($"pull+push copy {copy.Elapsed.TotalMilliseconds:F0} ms: {original.Digest} -> {copy.Image.Digest}");

        Assert.Equal(await registry.GetManifestDigestAsync("production/web", "v1"), copy.Image.Digest);
        // The same manifest arrives (layers reused, not recompressed), so a promotion by copy still ships the tested digest.
        Assert.Equal(original.Digest, copy.Image.Digest);
        Assert.Equal($"{registry.Host}/production/web@{copy.Image.Digest}", copy.Image.Reference);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", (await registry.GetLabelsAsync("production/web", "v1"))[ImageBuildRequest.RevisionLabel]);
        AssertNoPassword(promoter);
    }

    private static void AssertNoPassword(ImageSandbox sandbox)
    {
        var all = string.Join("\n", sandbox.Lines);
        Assert.DoesNotContain(Password, all);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("deployer:" + Password)), all);
    }
}
