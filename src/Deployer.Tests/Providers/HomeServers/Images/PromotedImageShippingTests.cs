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
/// A promotion with <c>registry: ssh</c> ships by the image id staging recorded, not by a tag: real podman saves the
/// image by its id here, the real sshd's podman loads it, and the host tags it as production's reference.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PromotedImageShippingTests(SshServer sshd, ITestOutputHelper output)
{
    [Fact]
    public async Task The_image_id_staging_recorded_is_streamed_and_tagged_as_productions_reference_and_a_second_ship_moves_no_bytes()
    {
        using var sandbox = new ImageSandbox("podman", output);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var staging = $"local/shop-api:staging-{tag}";
        await sandbox.Publisher.BuildAsync(new ImageBuildRequest(sandbox.BusyboxContext()) { Tags = [staging] }, CancellationToken.None);
        var recorded = HostImageIds.Normalise((await sandbox.Publisher.InspectAsync(staging, CancellationToken.None)).Id)!;
        using var host = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var stream = new SshImageStream(async (reference, token) => (await sandbox.Publisher.InspectAsync(reference, token)).Id,
            reference => LocalImageArchive.Save("podman", sandbox.Options, reference));
        var production = new ImageRef("api", "local/shop-api", "prod-" + tag);
        var step = new ShipImageStep(ShipImageStep.IdFor("api", "127.0.0.1"), [], production, recorded["sha256:".Length..], "linux/amd64", "", Server,
            new RegistrySpec { Kind = RegistryKind.Ssh }, "environments.production.homeServers[0]");

        var first = await stream.RunAsync(step, host, output.WriteLine, CancellationToken.None);
        var second = await stream.RunAsync(step, host, output.WriteLine, CancellationToken.None);

        Assert.True(first.Outcome == Outcome.Succeeded, first.Message);
        Assert.True(first.OutputAs<HostImageShipped>()!.BytesSent > 0);
        Assert.Equal(recorded, first.OutputAs<HostImageShipped>()!.ImageId);
        Assert.Equal(recorded, HostImageIds.Normalise((await host.RequireAsync(new HostImageCommands(ContainerEngine.Podman).ImageId(production.ToString()), CancellationToken.None)).Output));
        Assert.Equal(Outcome.Unchanged, second.Outcome);
        Assert.Equal(0, second.OutputAs<HostImageShipped>()!.BytesSent);
        await host.RunAsync(RemoteCommand.Of("podman", "rmi", "-f", production.ToString()), CancellationToken.None);
    }

    private HomeServerSpec Server => new()
    {
        Host = "127.0.0.1", Port = sshd.Port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_SERVER_SSH_KEY" }, HostKey = sshd.HostKey,
        Engine = ContainerEngine.Podman, Proxy = new ProxySpec { Kind = ProxyKind.Caddy, AdminUrl = "http://127.0.0.1:2019" },
        Services = [new HomeServiceSpec { Name = "api", Image = "api", Port = 8080 }],
    };
}
