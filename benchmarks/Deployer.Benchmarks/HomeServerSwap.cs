using System.Text.RegularExpressions;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.HomeServers;
using Deployer.Providers.HomeServers.Images;
using Deployer.Providers.Images;
using Deployer.Secrets;
using Deployer.Ssh;
using Deployer.Tests.Providers.HomeServers;
using Deployer.Tests.Support;

namespace Deployer.Benchmarks;

/// <summary>
/// A home server over the real sshd with podman behind nginx and behind caddy (the tests' parts). Two numbers: the swap,
/// from "healthy" to "switched" as each deploy reports it, per proxy, under wrk load with the failed requests counted
/// (must be 0); Traefik has no binary here and is not measured. And shipping
/// an image the host already has (one inspect, no bytes) against streaming one it lacks (save | gzip | ssh | gunzip | load),
/// the host's copy removed before every streamed sample so each one moves the whole image.
/// </summary>
public static partial class HomeServerSwap
{
    private const int Swaps = 5;
    private const int Ships = 3;

    public static async Task RunAsync()
    {
        using var sshd = new SshServer();
        await SwapAsync(sshd, ProxyKind.Nginx);
        await SwapAsync(sshd, ProxyKind.Caddy);
        Console.WriteLine("  traefik: not measured, no Traefik binary on this machine (its file-provider config is checked against the v3 schema in the tests)");
        await ShipAsync(sshd);
    }

    private static async Task SwapAsync(SshServer sshd, ProxyKind kind)
    {
        await WebImage.EnsureAsync(sshd);
        var service = "bench" + Guid.NewGuid().ToString("N")[..6];
        await using var proxy = await ProxyUnderLoad.StartAsync(kind, service);
        using var connection = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        using var http = new HttpClient();
        var handler = new HomeServerStepHandler((_, _) => Task.FromResult<IHomeHost>(new SshHomeHost(connection)), (_, _) => new Dictionary<string, Secret>(),
            http, TimeProvider.System, new HostLocking("bench", "bench@localhost", new string('0', 40), false, (_, _) => { }));
        async Task<StepResult> Deploy(string version)
        {
            var server = new HomeServerSpec
            {
                Host = "127.0.0.1", Port = sshd.Port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_KEY" }, HostKey = sshd.HostKey,
                Engine = ContainerEngine.Podman, Proxy = proxy.Spec,
                Services = [new HomeServiceSpec { Name = service, ImageUri = WebImage.Reference, Port = 8080, Domain = proxy.Domain, Command = WebImage.Serve(version), DrainSeconds = 3, Keep = 1 }],
            };
            var result = await handler.RunAsync(new DeployHomeServerStep("deploy-home-server:bench", [], server, new Dictionary<string, string> { [service] = WebImage.Reference }),
                new ExecutionState(), CancellationToken.None);
            return result.Outcome == Outcome.Succeeded ? result : throw new InvalidOperationException($"deploy {version}: {result.Outcome}: {result.Message}");
        }

        try
        {
            await Deploy("v1");
            var swaps = new List<TimeSpan>();
            LoadCount load;
            await using (var wrk = proxy.Load())
            {
                for (var i = 0; i < Swaps; i++)
                    swaps.Add(TimeSpan.FromMilliseconds(int.Parse(Swapped().Match((await Deploy(i % 2 == 0 ? "v2" : "v1")).Message).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
                load = await wrk.StopAsync();
            }
            Console.WriteLine($"  {proxy.Name}: healthy to switched {Measure.Median(swaps).TotalMilliseconds:0} ms median, {swaps.Max().TotalMilliseconds:0} ms max over {Swaps} deploys (target under 1 s)");
            Console.WriteLine($"  {proxy.Name}: {load.Requests} requests under wrk during those deploys, {load.Failed} failed (must be 0)");
        }
        finally
        {
            var engine = new ContainerCommands(ContainerEngine.Podman);
            var names = (await connection.RunAsync(engine.List(service, all: true), CancellationToken.None)).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length > 0) await connection.RunAsync(engine.Remove(names), CancellationToken.None);
        }
    }

    private static async Task ShipAsync(SshServer sshd)
    {
        using var sandbox = new ImageSandbox("podman", new SilentOutput());
        var image = new ImageRef("api", "local/bench-api", Guid.NewGuid().ToString("N")[..12]);
        var context = sandbox.BusyboxContext();
        // A realistic layer: 32 MB that gzip cannot shrink, so streaming moves what an application image would.
        var payload = new byte[32 * 1024 * 1024];
        new Random(42).NextBytes(payload);
        await File.WriteAllBytesAsync(Path.Combine(context, "payload.bin"), payload);
        await File.AppendAllTextAsync(Path.Combine(context, "Dockerfile"), "\nCOPY payload.bin /payload.bin\n");
        await sandbox.Publisher.BuildAsync(new ImageBuildRequest(context) { Tags = [image.ToString()] }, CancellationToken.None);
        using var host = await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None);
        var stream = new SshImageStream(async (reference, token) => (await sandbox.Publisher.InspectAsync(reference, token)).Id,
            reference => LocalImageArchive.Save("podman", sandbox.Options, reference));
        var step = new ShipImageStep(ShipImageStep.IdFor(image.Name, "127.0.0.1"), [], image, image.ToString(), "linux/amd64", "build-image:api", new HomeServerSpec
        {
            Host = "127.0.0.1", Port = sshd.Port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_KEY" }, HostKey = sshd.HostKey,
            Engine = ContainerEngine.Podman, Proxy = new ProxySpec { Kind = ProxyKind.Nginx, ConfigPath = "upstreams.conf" },
            Services = [new HomeServiceSpec { Name = "api", Image = "api", Port = 8080 }],
        }, new RegistrySpec { Kind = RegistryKind.Ssh }, "homeServers[0]");

        var streamed = new List<TimeSpan>();
        var unchanged = new List<TimeSpan>();
        long bytes = 0;
        for (var run = 0; run < Ships; run++)
        {
            await host.RunAsync(RemoteCommand.Of("podman", "rmi", "-f", image.ToString()), CancellationToken.None);
            StepResult first = null!;
            streamed.Add(await Measure.TimeAsync(async () => first = await stream.RunAsync(step, host, _ => { }, CancellationToken.None)));
            if (first.Outcome != Outcome.Succeeded) throw new InvalidOperationException($"streaming: {first.Message}");
            bytes = first.OutputAs<HostImageShipped>()!.BytesSent;
            StepResult again = null!;
            unchanged.Add(await Measure.TimeAsync(async () => again = await stream.RunAsync(step, host, _ => { }, CancellationToken.None)));
            if (again.Outcome != Outcome.Unchanged || again.OutputAs<HostImageShipped>()!.BytesSent != 0) throw new InvalidOperationException($"unchanged redeploy moved bytes: {again.Message}");
        }
        await host.RunAsync(RemoteCommand.Of("podman", "rmi", "-f", image.ToString()), CancellationToken.None);
        Console.WriteLine($"  streamed {bytes / 1024 / 1024} MB compressed per streaming ship; 0 bytes per unchanged ship");
        Measure.Report("unchanged image, host has it", Measure.Median(unchanged), "streaming the image", Measure.Median(streamed), "target: at most 0.2");
    }

    [GeneratedRegex(@"healthy to switched in (\d+) ms")]
    private static partial Regex Swapped();
}
