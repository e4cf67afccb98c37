using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.HomeServers;
using Deployer.Providers.HomeServers.Images;
using Deployer.Providers.Images;
using Deployer.Secrets;
using Deployer.Ssh;
using Deployer.Tests.Providers.HomeServers.Images;
using Deployer.Tests.Support;

namespace Deployer.Benchmarks;

/// <summary>
/// A promotion streamed from the staging host through this runner into production (two logins on the tests' real sshd,
/// each with its own podman storage), the image one 24 MiB random layer: metered by credits (<see cref="OutputFlow.Default"/>)
/// against the unmetered read it replaced, alternating, production's copy removed before every sample. Prints the
/// median times, their ratio (target: at least 0.8 of the old throughput, i.e. a time ratio of at most 1.25) and the
/// most bytes each held on the runner.
/// </summary>
public static class StagingStream
{
    private const int Samples = 3;
    private const int LayerBytes = 24 << 20;

    public static async Task RunAsync()
    {
        using var sshd = new SshServer();
        using var staging = new StagingLogin(sshd);
        using var stagingHost = await SshConnection.ConnectAsync(sshd.Target("staging"), staging.Key, CancellationToken.None);
        var tag = "local/bench-api:staging-" + Guid.NewGuid().ToString("N")[..12];
        var script = $"d=$(mktemp -d) && head -c {LayerBytes} /dev/urandom > \"$d/payload.bin\" && tar -C \"$d\" -c payload.bin | podman import --quiet - \"$1\"; s=$?; rm -rf \"$d\"; exit $s";
        var id = HostImageIds.Normalise((await stagingHost.RequireAsync(RemoteCommand.Of("sh", "-c", script, "sh", tag), CancellationToken.None)).Output.Trim().Split('\n')[^1])!;
        using var production = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var server = new HomeServerSpec
        {
            Host = "127.0.0.1", Port = sshd.Port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_KEY" }, HostKey = sshd.HostKey,
            Engine = ContainerEngine.Podman, Proxy = new ProxySpec { Kind = ProxyKind.Nginx, ConfigPath = "upstreams.conf" },
            Services = [new HomeServiceSpec { Name = "api", Image = "api", Port = 8080 }],
        };
        var image = new ImageRef("api", "local/bench-api", "prod");
        var step = new ShipImageStep(ShipImageStep.IdFor("api", "127.0.0.1"), [], image, id["sha256:".Length..], "linux/amd64", "", server,
            new RegistrySpec { Kind = RegistryKind.Ssh }, "homeServers[0]") { Origins = [new ImageOrigin(server, "staging")] };

        var metered = new List<TimeSpan>();
        var unmetered = new List<TimeSpan>();
        long meteredHeld = 0, unmeteredHeld = 0, bytes = 0;
        for (var run = 0; run < Samples; run++)
        {
            foreach (var flow in new[] { OutputFlow.Default, null })
            {
                await production.RunAsync(RemoteCommand.Of("podman", "rmi", "-f", image.ToString(), id), CancellationToken.None);
                var stream = new SshImageStream((_, _) => Task.FromResult<string?>(null), _ => throw new InvalidOperationException("the runner has no image")) { SourceFlow = flow };
                // A fresh connection per sample, so its held peak is this sample's.
                using var source = await SshConnection.ConnectAsync(sshd.Target("staging"), staging.Key, CancellationToken.None);
                StepResult result = null!;
                var elapsed = await Measure.TimeAsync(async () => result = await stream.RunAsync(step, production, _ => { }, CancellationToken.None, (_, _) => Task.FromResult(source)));
                if (result.Outcome != Outcome.Succeeded) throw new InvalidOperationException($"promotion from staging: {result.Message}");
                bytes = result.OutputAs<HostImageShipped>()!.BytesSent;
                if (flow is null)
                {
                    unmetered.Add(elapsed);
                    unmeteredHeld = Math.Max(unmeteredHeld, source.OutputHeldPeak);
                }
                else
                {
                    metered.Add(elapsed);
                    meteredHeld = Math.Max(meteredHeld, source.OutputHeldPeak);
                }
            }
        }
        await production.RunAsync(RemoteCommand.Of("podman", "rmi", "-f", image.ToString(), id), CancellationToken.None);
        Console.WriteLine($"  staging → runner → production, {bytes / 1024 / 1024} MB compressed per promotion; held on the runner at most: metered {meteredHeld / 1024} KiB (bound {OutputFlow.Default.Bound / 1024} KiB), unmetered {unmeteredHeld / 1024} KiB");
        Measure.Report("metered (credits)", Measure.Median(metered), "unmetered (old path)", Measure.Median(unmetered), "target: at most 1.25 (throughput within 20%)");
    }
}
