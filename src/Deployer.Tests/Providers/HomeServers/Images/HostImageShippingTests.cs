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
/// Real podman builds busybox images here; the real sshd of the SSH tests is the home server, whose podman has its own
/// storage, so an image reaches it only through the stream or the registry.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostImageShippingTests(SshServer sshd, ITestOutputHelper output)
{
    private const string Password = "host-Pull-Pa55word";

    [Fact]
    public async Task An_image_the_host_lacks_is_streamed_and_checked_and_a_second_ship_moves_no_bytes()
    {
        using var sandbox = new ImageSandbox("podman", output);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var image = new ImageRef("api", "local/shop-api", tag);
        await sandbox.Publisher.BuildAsync(new ImageBuildRequest(sandbox.BusyboxContext()) { Tags = [image.ToString()] }, CancellationToken.None);
        var localId = HostImageIds.Normalise((await sandbox.Publisher.InspectAsync(image.ToString(), CancellationToken.None)).Id)!;
        using var host = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var stream = new SshImageStream(async (reference, token) => (await sandbox.Publisher.InspectAsync(reference, token)).Id,
            reference => LocalImageArchive.Save("podman", sandbox.Options, reference));
        var step = Step(image, new RegistrySpec { Kind = RegistryKind.Ssh });

        var first = await stream.RunAsync(step, host, output.WriteLine, CancellationToken.None);
        var second = await stream.RunAsync(step, host, output.WriteLine, CancellationToken.None);

        Assert.True(first.Outcome == Outcome.Succeeded, first.Message);
        var shipped = first.OutputAs<HostImageShipped>()!;
        Assert.Equal(localId, shipped.ImageId);
        Assert.True(shipped.BytesSent > 0);
        Assert.Equal(localId, HostImageIds.Normalise((await host.RequireAsync(new HostImageCommands(ContainerEngine.Podman).ImageId(image.ToString()), CancellationToken.None)).Output));
        Assert.Equal(Outcome.Unchanged, second.Outcome);
        Assert.Equal(0, second.OutputAs<HostImageShipped>()!.BytesSent);
    }

    [Fact]
    public async Task A_failed_save_fails_the_ship_with_the_engine_error_and_the_host_keeps_nothing()
    {
        using var sandbox = new ImageSandbox("podman", output);
        using var host = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var image = new ImageRef("api", "local/shop-api", "missing-" + Guid.NewGuid().ToString("N")[..8]);
        var stream = new SshImageStream((_, _) => Task.FromResult<string?>("sha256:" + new string('a', 64)),
            reference => LocalImageArchive.Save("podman", sandbox.Options, reference));

        var failure = await Assert.ThrowsAsync<ContainerEngineException>(() =>
            stream.RunAsync(Step(image, new RegistrySpec { Kind = RegistryKind.Ssh }), host, output.WriteLine, CancellationToken.None)
                .WaitAsync(TimeSpan.FromSeconds(60)));

        output.WriteLine(failure.Message);
        Assert.Contains("save", failure.Message);
        Assert.Contains(image.ToString(), failure.Message);
        Assert.EndsWith($"nothing was loaded on {host.Target}", failure.Message);
        Assert.False((await host.RunAsync(new HostImageCommands(ContainerEngine.Podman).ImageId(image.ToString()), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task A_load_the_host_refuses_fails_the_ship_and_stops_the_local_save()
    {
        // The host's docker has no daemon, so its load gives up at once; the local side is a save that never ends on its
        // own, so the step can only finish if the refusal stops it.
        using var host = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var marker = "endless-save-" + Guid.NewGuid().ToString("N")[..8];
        var image = new ImageRef("api", "local/shop-api", "refused");
        var stream = new SshImageStream((_, _) => Task.FromResult<string?>("sha256:" + new string('b', 64)), _ => new ContainerCommand("yes", [marker]));
        var step = Step(image, new RegistrySpec { Kind = RegistryKind.Ssh }) with { Server = Server with { Engine = ContainerEngine.Docker } };

        var failure = await Assert.ThrowsAsync<ContainerEngineException>(() =>
            stream.RunAsync(step, host, output.WriteLine, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));

        output.WriteLine(failure.Message);
        Assert.Contains("docker load", failure.Message);
        Assert.EndsWith($"nothing was loaded on {host.Target}", failure.Message);
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), process => CommandLine(process).Contains(marker, StringComparison.Ordinal));
    }

    private static string CommandLine(string process)
    {
        try { return File.ReadAllText(Path.Combine(process, "cmdline")); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    [Fact]
    public async Task With_an_oci_registry_the_host_logs_in_on_standard_input_and_pulls_the_pushed_digest()
    {
        await using var registry = await OciRegistry.StartAsync("deployer", Password);
        using var sandbox = new ImageSandbox("podman", output);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var pushedAs = registry.Reference("acme/api", tag);
        await sandbox.Publisher.BuildAsync(new ImageBuildRequest(sandbox.BusyboxContext()) { Tags = [pushedAs] }, CancellationToken.None);
        var pushed = await sandbox.Publisher.PushAsync(pushedAs, pushedAs, registry.Login, CancellationToken.None);
        using var host = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var step = Step(new ImageRef("api", $"{registry.Host}/acme/api", tag),
            new RegistrySpec { Kind = RegistryKind.Oci, Server = registry.Host, Username = "deployer", Password = new SecretRef { Env = "REGISTRY_PASSWORD" } });
        var log = new List<string>();

        var first = await RegistryPull.RunAsync(step, pushed.Reference, new Secret(Password), host, log.Add, CancellationToken.None);
        var again = await RegistryPull.RunAsync(step, pushed.Reference, new Secret(Password), host, log.Add, CancellationToken.None);

        Assert.True(first.Outcome == Outcome.Succeeded, first.Message);
        var shipped = first.OutputAs<HostImageShipped>()!;
        Assert.Equal(pushed.Digest, shipped.Digest);
        Assert.Equal(HostImageIds.Normalise((await sandbox.Publisher.InspectAsync(pushedAs, CancellationToken.None)).Id), shipped.ImageId);
        Assert.Equal(Outcome.Unchanged, again.Outcome);
        Assert.DoesNotContain(log.Concat([first.Message, again.Message]), line => line.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_registry_login_fails_naming_the_host_setting_and_pulls_nothing()
    {
        await using var registry = await OciRegistry.StartAsync("deployer", Password);
        using var host = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var digest = await registry.PutImageAsync("acme/api", "x");
        var step = Step(new ImageRef("api", $"{registry.Host}/acme/api", "x"),
            new RegistrySpec { Kind = RegistryKind.Oci, Server = registry.Host, Username = "deployer", Password = new SecretRef { Env = "REGISTRY_PASSWORD" } });

        var refused = await RegistryPull.RunAsync(step, $"{registry.Host}/acme/api@{digest}", new Secret("wrong-Pa55"), host, _ => { }, CancellationToken.None);

        Assert.Equal(Outcome.Failed, refused.Outcome);
        Assert.StartsWith($"environments.production.homeServers[0]: {registry.Host} refused the login of 'deployer'", refused.Message);
        Assert.DoesNotContain("wrong-Pa55", refused.Message);
    }

    private ShipImageStep Step(ImageRef image, RegistrySpec registry) =>
        new(ShipImageStep.IdFor(image.Name, "127.0.0.1"), [], image, image.ToString(), "linux/amd64", "build-image:api", Server, registry,
            "environments.production.homeServers[0]");

    private HomeServerSpec Server => new()
    {
        Host = "127.0.0.1",
        Port = sshd.Port,
        User = sshd.User,
        PrivateKey = new SecretRef { Env = "HOME_SERVER_SSH_KEY" },
        HostKey = sshd.HostKey,
        Engine = ContainerEngine.Podman,
        Proxy = new ProxySpec { Kind = ProxyKind.Caddy, AdminUrl = "http://127.0.0.1:2019" },
        Services = [new HomeServiceSpec { Name = "api", Image = "api", Port = 8080 }],
    };
}
