using System.Diagnostics;
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
/// A promotion streamed from the staging host through this runner into a production host that loads far slower than
/// staging saves: staging's image has a 24 MiB layer of random bytes (gzip cannot shrink it), and production's
/// <c>gunzip</c> reads 256 KiB per 0.1 s. Unmetered, SSH.NET would hold most of the archive here; metered, the staging
/// side only produces what production has taken. Real sshd with two logins, real podman on both sides.
/// </summary>
[Collection(SshCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlowProductionPromotionTests(SshServer sshd, ITestOutputHelper output)
{
    private const string StagingPlace = "environments.staging.homeServers[0]";
    private const string ProductionPlace = "environments.production.homeServers[0]";
    private const int LayerBytes = 24 << 20;

    /// <summary>A gunzip that reads its input in 256 KiB blocks with a pause after each: a production host slower than staging.</summary>
    private static readonly Dictionary<string, string> SlowGunzip = new()
    {
        ["gunzip"] = """
            #!/bin/sh
            while :; do
              r=$(LC_ALL=C dd bs=262144 count=1 iflag=fullblock 2>&1 >&3)
              case $r in "1+0 records in"*) sleep 0.1 ;; *) break ;; esac
            done 3>&1 | gzip -dc "$@"
            """,
    };

    [Fact]
    public async Task A_slow_production_host_gets_the_whole_image_while_this_runner_holds_at_most_the_flows_bound()
    {
        using var pair = await SlowPromotionAsync();
        var prodRef = new ImageRef("api", "local/shop-api", "prod-" + Guid.NewGuid().ToString("N")[..12]);

        var result = await Stream().RunAsync(Promote(prodRef, pair.Recorded, pair.Staging), pair.Production, output.WriteLine, CancellationToken.None, (_, _) => Task.FromResult(pair.StagingHost))
            .WaitAsync(TimeSpan.FromMinutes(10));

        output.WriteLine(result.Message);
        Assert.True(result.Outcome == Outcome.Succeeded, result.Message);
        Assert.Contains($"from {Origin(pair.Staging)} ({StagingPlace})", result.Message);
        var sent = result.OutputAs<HostImageShipped>()!.BytesSent;
        Assert.True(sent > 4 * OutputFlow.Default.Bound, $"{sent} bytes is too little to show buffering against a {OutputFlow.Default.Bound}-byte bound");
        Assert.True(pair.StagingHost.OutputHeldPeak > 0, "the stream's buffer was never measured");
        Assert.True(pair.StagingHost.OutputHeldPeak <= OutputFlow.Default.Bound,
            $"this runner held {pair.StagingHost.OutputHeldPeak} bytes of staging's output at once; the bound is {OutputFlow.Default.Bound}");
        Assert.Contains($"at most {pair.StagingHost.OutputHeldPeak / 1024} KiB held on this runner", result.Message);
        Assert.Equal(pair.Recorded, await IdOn(pair.Production, prodRef.ToString()));
    }

    [Fact]
    public async Task A_load_that_fails_stops_the_staging_save_and_loads_nothing()
    {
        using var staging = new StagingLogin(sshd);
        using var stagingHost = await SshConnection.ConnectAsync(sshd.Target(StagingPlace), staging.Key, CancellationToken.None);
        var recorded = await ImportLargeImageAsync(stagingHost);
        // Production's engine is docker, whose daemon is absent here: its load gives up at once. Staging's save of the
        // large image cannot finish on its own, since the runner grants it only a few chunks; ending its credits stops it.
        using var production = await SshConnection.ConnectAsync(sshd.Target(ProductionPlace), sshd.UserKey, CancellationToken.None);
        var prodRef = new ImageRef("api", "local/shop-api", "refused-" + Guid.NewGuid().ToString("N")[..8]);
        var promote = Promote(prodRef, recorded, staging) with { Server = Server(sshd.Port) with { Engine = ContainerEngine.Docker } };

        var failure = await Assert.ThrowsAsync<ContainerEngineException>(() =>
            Stream().RunAsync(promote, production, output.WriteLine, CancellationToken.None, (_, _) => Task.FromResult(stagingHost)).WaitAsync(TimeSpan.FromMinutes(5)));

        output.WriteLine(failure.Message);
        Assert.Contains("docker", failure.Message);
        Assert.EndsWith($"nothing was loaded on {production.Target}", failure.Message);
        var clock = Stopwatch.StartNew();
        while (SavesOf(recorded).Count > 0 && clock.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(100);
        Assert.Empty(SavesOf(recorded));
        Assert.True(stagingHost.OutputHeldPeak <= OutputFlow.Default.Bound, $"this runner held {stagingHost.OutputHeldPeak} bytes of staging's output at once");
    }

    [Fact]
    public async Task A_promotion_cancelled_mid_stream_stops_the_staging_save_and_loads_nothing_on_production()
    {
        using var pair = await SlowPromotionAsync();
        var prodRef = new ImageRef("api", "local/shop-api", "cancelled-" + Guid.NewGuid().ToString("N")[..8]);
        using var cancel = new CancellationTokenSource();

        var promotion = Stream().RunAsync(Promote(prodRef, pair.Recorded, pair.Staging), pair.Production, output.WriteLine, cancel.Token, (_, _) => Task.FromResult(pair.StagingHost));
        // Cancelled while staging's save runs (the slow load takes ~10 s for the whole layer), as a SIGTERM would.
        var clock = Stopwatch.StartNew();
        while (SavesOf(pair.Recorded).Count == 0 && !promotion.IsCompleted && clock.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(20);
        await Task.Delay(TimeSpan.FromSeconds(1)); // a few chunks through this runner
        Assert.True(SavesOf(pair.Recorded).Count > 0 && !promotion.IsCompleted, "the stream never started, or ended before it could be cancelled");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => promotion.WaitAsync(TimeSpan.FromMinutes(2)));
        clock.Restart();
        while (SavesOf(pair.Recorded).Count > 0 && clock.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(100);
        Assert.Empty(SavesOf(pair.Recorded));
        Assert.False((await pair.Production.RunAsync(new HostImageCommands(ContainerEngine.Podman).ImageId(prodRef.ToString()), CancellationToken.None)).Succeeded,
            $"{prodRef} exists on production after a cancelled promotion");
        Assert.False((await pair.Production.RunAsync(new HostImageCommands(ContainerEngine.Podman).ImageId(pair.Recorded), CancellationToken.None)).Succeeded,
            "a part of the cancelled archive was loaded on production");
        Assert.True(pair.StagingHost.OutputHeldPeak <= OutputFlow.Default.Bound, $"this runner held {pair.StagingHost.OutputHeldPeak} bytes of staging's output at once");
    }

    /// <summary>Staging (with the large image imported) and a slow production, each a login of its own, both connected.</summary>
    private sealed record SlowPromotion(StagingLogin Staging, StagingLogin SlowProduction, SshConnection StagingHost, SshConnection Production, string Recorded)
        : IDisposable
    {
        public void Dispose()
        {
            Production.Dispose();
            StagingHost.Dispose();
            SlowProduction.Dispose();
            Staging.Dispose();
        }
    }

    private async Task<SlowPromotion> SlowPromotionAsync()
    {
        var staging = new StagingLogin(sshd);
        var slowProduction = new StagingLogin(sshd, SlowGunzip);
        var stagingHost = await SshConnection.ConnectAsync(sshd.Target(StagingPlace), staging.Key, CancellationToken.None);
        var recorded = await ImportLargeImageAsync(stagingHost);
        var production = await SshConnection.ConnectAsync(sshd.Target(ProductionPlace), slowProduction.Key, CancellationToken.None);
        return new SlowPromotion(staging, slowProduction, stagingHost, production, recorded);
    }

    /// <summary>Creates on the staging host an image of one 24 MiB random layer (<c>podman import</c>, nothing to build); returns its id.</summary>
    private static async Task<string> ImportLargeImageAsync(SshConnection staging)
    {
        var tag = "local/shop-api:staging-" + Guid.NewGuid().ToString("N")[..12];
        var script = $"d=$(mktemp -d) && head -c {LayerBytes} /dev/urandom > \"$d/payload.bin\" && tar -C \"$d\" -c payload.bin | podman import --quiet - \"$1\"; s=$?; rm -rf \"$d\"; exit $s";
        var imported = await staging.RequireAsync(RemoteCommand.Of("sh", "-c", script, "sh", tag), CancellationToken.None);
        return HostImageIds.Normalise(imported.Output.Trim().Split('\n')[^1])!;
    }

    /// <summary>The processes on this machine (the hosts' machine) saving image <paramref name="id"/>.</summary>
    private static List<string> SavesOf(string id)
    {
        var hex = id["sha256:".Length..];
        return [.. System.IO.Directory.EnumerateDirectories("/proc").Select(d => ReadCommandLine(Path.Combine(d, "cmdline")))
            .Where(line => line.Contains("save", StringComparison.Ordinal) && line.Contains(hex, StringComparison.Ordinal) && !line.StartsWith("sh ", StringComparison.Ordinal))];
    }

    private static string ReadCommandLine(string file)
    {
        try
        {
            return File.ReadAllText(file).Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>A fresh runner: its engine has no image, so the staging host is the only source.</summary>
    private static SshImageStream Stream() =>
        new((_, _) => Task.FromResult<string?>(null), reference => throw new InvalidOperationException($"the runner has no {reference} to save"));

    private ShipImageStep Promote(ImageRef image, string recorded, StagingLogin staging) =>
        new ShipImageStep(ShipImageStep.IdFor("api", "127.0.0.1"), [], image, recorded["sha256:".Length..], "linux/amd64", "", Server(sshd.Port),
            new RegistrySpec { Kind = RegistryKind.Ssh }, ProductionPlace) { Origins = [Origin(staging)] };

    private ImageOrigin Origin(StagingLogin staging) => new(Server(sshd.Port) with { PrivateKey = new SecretRef { Env = "STAGING_SSH_KEY" } }, StagingPlace);

    private static async Task<string?> IdOn(SshConnection host, string reference) =>
        HostImageIds.Normalise((await host.RequireAsync(new HostImageCommands(ContainerEngine.Podman).ImageId(reference), CancellationToken.None)).Output);

    private HomeServerSpec Server(int port) => new()
    {
        Host = "127.0.0.1", Port = port, User = sshd.User, PrivateKey = new SecretRef { Env = "HOME_SERVER_SSH_KEY" }, HostKey = sshd.HostKey,
        Engine = ContainerEngine.Podman, Proxy = new ProxySpec { Kind = ProxyKind.Caddy, AdminUrl = "http://127.0.0.1:2019" },
        Services = [new HomeServiceSpec { Name = "api", Image = "api", Port = 8080 }],
    };
}
