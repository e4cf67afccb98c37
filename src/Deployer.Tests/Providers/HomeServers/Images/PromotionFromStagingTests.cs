using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.HomeServers;
using Deployer.Providers.HomeServers.Images;
using Deployer.Providers.Images;
using Deployer.Secrets;
using Deployer.Ssh;
using Deployer.Tests.Support;
using Xunit.Abstractions;

namespace Deployer.Tests.Providers.HomeServers.Images;

/// <summary>
/// A promotion runs on a fresh runner that never built staging's image: it ships the recorded id from the production host
/// itself (tag only), else the runner's engine, else the staging host that received it, piped through the runner. Real
/// sshd with two logins (production's and staging's own podman storage) and real podman on both sides.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PromotionFromStagingTests(SshServer sshd, ITestOutputHelper output)
{
    private const string StagingPlace = "environments.staging.homeServers[0]";

    [Fact]
    public async Task A_fresh_runner_streams_the_recorded_id_from_the_staging_host_and_a_host_that_has_the_id_is_only_tagged()
    {
        using var staging = new StagingLogin(sshd);
        var tag = Guid.NewGuid().ToString("N")[..12];
        string recorded;
        using (var builder = new ImageSandbox("podman", output))
        {
            // Staging's run: built on its runner and streamed to the staging host, whose release records the id.
            var built = $"local/shop-api:{tag}";
            await builder.Publisher.BuildAsync(new ImageBuildRequest(builder.BusyboxContext("staging " + tag)) { Tags = [built] }, CancellationToken.None);
            using var stagingHost = await Connect(staging.Key, StagingPlace);
            var release = Step(new ImageRef("api", "local/shop-api", tag), built, "build-image:api", StagingPlace);
            var shipped = await Stream(builder).RunAsync(release, stagingHost, output.WriteLine, CancellationToken.None);
            Assert.True(shipped.Outcome == Outcome.Succeeded, shipped.Message);
            recorded = shipped.OutputAs<HostImageShipped>()!.ImageId;
        }
        using var runner = new ImageSandbox("podman", output); // the promotion's runner: a fresh engine
        using var production = await Connect(sshd.UserKey, "environments.production.homeServers[0]");
        var prodRef = new ImageRef("api", "local/shop-api", "prod-" + tag);
        var promote = Step(prodRef, recorded["sha256:".Length..], "", "environments.production.homeServers[0]") with { Origins = [Origin(staging)] };

        var first = await Stream(runner).RunAsync(promote, production, output.WriteLine, CancellationToken.None, ConnectOrigin(staging));
        var again = await Stream(runner).RunAsync(promote, production, output.WriteLine, CancellationToken.None, ConnectOrigin(staging));
        var otherRef = prodRef with { Tag = "prod2-" + tag };
        var retagged = await Stream(runner).RunAsync(promote with { Image = otherRef }, production, output.WriteLine, CancellationToken.None, ConnectOrigin(staging));

        Assert.True(first.Outcome == Outcome.Succeeded, first.Message);
        Assert.Contains($"from {Origin(staging)} ({StagingPlace})", first.Message);
        Assert.True(first.OutputAs<HostImageShipped>()!.BytesSent > 0);
        Assert.Equal(recorded, await ProductionId(production, prodRef.ToString()));
        Assert.Equal(Outcome.Unchanged, again.Outcome);
        Assert.True(retagged.Outcome == Outcome.Unchanged, retagged.Message);
        Assert.Contains("tagged it", retagged.Message);
        Assert.Equal(0, retagged.OutputAs<HostImageShipped>()!.BytesSent);
        Assert.Equal(recorded, await ProductionId(production, otherRef.ToString()));
        await production.RunAsync(RemoteCommand.Of("podman", "rmi", "-f", prodRef.ToString(), otherRef.ToString()), CancellationToken.None);
    }

    [Fact]
    public async Task The_runners_engine_is_used_before_the_staging_host_and_says_so()
    {
        using var staging = new StagingLogin(sshd);
        using var runner = new ImageSandbox("podman", output);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var built = $"local/shop-api:{tag}";
        await runner.Publisher.BuildAsync(new ImageBuildRequest(runner.BusyboxContext("runner " + tag)) { Tags = [built] }, CancellationToken.None);
        var id = HostImageIds.Normalise((await runner.Publisher.InspectAsync(built, CancellationToken.None)).Id)!;
        using var production = await Connect(sshd.UserKey, "environments.production.homeServers[0]");
        var prodRef = new ImageRef("api", "local/shop-api", "prod-" + tag);
        var promote = Step(prodRef, id["sha256:".Length..], "", "environments.production.homeServers[0]") with { Origins = [Origin(staging)] };

        var result = await Stream(runner).RunAsync(promote, production, output.WriteLine, CancellationToken.None, ConnectOrigin(staging));

        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        Assert.Contains("from this runner's engine", result.Message);
        Assert.Equal(id, await ProductionId(production, prodRef.ToString()));
        await production.RunAsync(RemoteCommand.Of("podman", "rmi", "-f", prodRef.ToString()), CancellationToken.None);
    }

    [Fact]
    public async Task An_id_that_is_nowhere_fails_naming_the_image_and_every_host_asked_and_changes_nothing()
    {
        using var staging = new StagingLogin(sshd);
        using var runner = new ImageSandbox("podman", output);
        using var production = await Connect(sshd.UserKey, "environments.production.homeServers[0]");
        var missing = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var prodRef = new ImageRef("api", "local/shop-api", "prod-missing");
        var promote = Step(prodRef, missing, "", "environments.production.homeServers[0]") with { Origins = [Origin(staging)] };
        var imagesBefore = (await production.RequireAsync(RemoteCommand.Of("podman", "images", "-q", "--no-trunc"), CancellationToken.None)).Output;

        var result = await Stream(runner).RunAsync(promote, production, output.WriteLine, CancellationToken.None, ConnectOrigin(staging));

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("image 'api' sha256:" + missing, result.Message);
        Assert.Contains($"{sshd.User}@127.0.0.1:{sshd.Port} (no such image)", result.Message);
        Assert.Contains("this runner's engine (no such image)", result.Message);
        Assert.Contains($"{Origin(staging)} (no such image)", result.Message);
        Assert.Contains("nothing was changed", result.Message);
        Assert.Equal(imagesBefore, (await production.RequireAsync(RemoteCommand.Of("podman", "images", "-q", "--no-trunc"), CancellationToken.None)).Output);
        Assert.False((await production.RunAsync(new HostImageCommands(ContainerEngine.Podman).ImageId(prodRef.ToString()), CancellationToken.None)).Succeeded);
    }

    private static SshImageStream Stream(ImageSandbox engine) =>
        new(async (reference, token) => (await engine.Publisher.InspectAsync(reference, token)).Id, reference => LocalImageArchive.Save("podman", engine.Options, reference));

    private Task<SshConnection> Connect(Secret key, string place) => SshConnection.ConnectAsync(sshd.Target(place), key, CancellationToken.None);

    /// <summary>Each test's staging connection is its own (the run's <see cref="SshHosts"/> would key both logins alike: same user, host and port).</summary>
    private Func<ImageOrigin, CancellationToken, Task<SshConnection>> ConnectOrigin(StagingLogin staging)
    {
        SshConnection? opened = null;
        return async (origin, token) => opened ??= await SshConnection.ConnectAsync(
            new SshTarget(origin.Server.Host, origin.Server.Port, origin.Server.User, origin.Server.HostKey, origin.Place), staging.Key, token);
    }

    private static async Task<string?> ProductionId(SshConnection host, string reference) =>
        HostImageIds.Normalise((await host.RequireAsync(new HostImageCommands(ContainerEngine.Podman).ImageId(reference), CancellationToken.None)).Output);

    private ImageOrigin Origin(StagingLogin staging) => new(Server with { PrivateKey = new SecretRef { Env = "STAGING_SSH_KEY" } }, StagingPlace);

    private static ShipImageStep Step(ImageRef image, string local, string source, string place) =>
        new(ShipImageStep.IdFor("api", "127.0.0.1"), [], image, local, "linux/amd64", source, ServerSpec, new RegistrySpec { Kind = RegistryKind.Ssh }, place);

    private static HomeServerSpec ServerSpec => new()
    {
        Host = "127.0.0.1", Port = 22, User = "deploy", PrivateKey = new SecretRef { Env = "HOME_SERVER_SSH_KEY" }, HostKey = "SHA256:unused",
        Engine = ContainerEngine.Podman, Proxy = new ProxySpec { Kind = ProxyKind.Caddy, AdminUrl = "http://127.0.0.1:2019" },
        Services = [new HomeServiceSpec { Name = "api", Image = "api", Port = 8080 }],
    };

    private HomeServerSpec Server => ServerSpec with { Port = sshd.Port, User = sshd.User, HostKey = sshd.HostKey };
}
