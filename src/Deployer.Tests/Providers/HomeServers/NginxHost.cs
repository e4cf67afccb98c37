using Deployer.Providers.HomeServers;
using Deployer.Releases;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// What the host keeps for one app, read over a connection of the test's own (outside any run): the deploy lock and the
/// audit log lines of that app.
/// </summary>
public sealed class HostRecords(SshConnection connection, string app)
{
    public async Task<LockHolder?> ReadLockAsync()
    {
        var read = await connection.RunAsync(RemoteCommand.Of("cat", HostDeployLocks.PathOf(app)), null, CancellationToken.None);
        return read.Succeeded ? LockHolder.Parse(read.Output, "the lock") : null;
    }

    public async Task<AuditEntry[]> AuditAsync()
    {
        var read = await connection.RequireAsync(RemoteCommand.Of("cat", HostAudit.Path), CancellationToken.None);
        return [.. read.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(AuditEntry.Parse).Where(e => e.App == app)];
    }

    public Task RemoveLockAsync() => connection.RunAsync(RemoteCommand.Of("rm", "-f", HostDeployLocks.PathOf(app)), null, CancellationToken.None);
}

/// <summary>
/// One test's home server behind nginx: the SSH host with the web image in its podman storage, a throw-away nginx for
/// the test's service, and a direct SSH connection to read what the host holds (containers, lock, audit log). Disposing
/// removes the service's containers and the app's lock, so tests sharing the sshd never see each other's leftovers.
/// </summary>
public sealed class NginxHost : IAsyncDisposable
{
    private NginxHost(string service, string app, NginxProxy nginx, SshConnection direct)
    {
        Service = service;
        App = app;
        Nginx = nginx;
        Direct = direct;
        Records = new HostRecords(direct, app);
    }

    /// <summary>A service and app named after <paramref name="prefix"/> with a random suffix, so tests never collide.</summary>
    public static async Task<NginxHost> StartAsync(SshServer sshd, string prefix)
    {
        RequiredTool.Program("podman", "podman");
        await WebImage.EnsureAsync(sshd);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var service = prefix + suffix;
        var nginx = new NginxProxy(service);
        try
        {
            return new NginxHost(service, $"{prefix}-app-{suffix}", nginx,
                await SshConnection.ConnectAsync(sshd.Target(), sshd.UserKey, CancellationToken.None));
        }
        catch
        {
            nginx.Dispose();
            throw;
        }
    }

    public string Service { get; }
    public string App { get; }
    public NginxProxy Nginx { get; }
    public SshConnection Direct { get; }
    public HostRecords Records { get; }
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The version nginx serves now (a non-2xx answer fails the test).</summary>
    public async Task<string> ServedAsync()
    {
        using var response = await Http.GetAsync(Nginx.Url);
        Assert.True(response.IsSuccessStatusCode, $"nginx answered {(int)response.StatusCode}");
        return (await response.Content.ReadAsStringAsync()).Trim();
    }

    /// <summary>The service's containers on the host: running ones, or with <paramref name="all"/> the stopped ones too.</summary>
    public async Task<string[]> ContainersAsync(bool all)
    {
        var listed = await Direct.RequireAsync(new ContainerCommands(ContainerEngine.Podman).List(Service, all), CancellationToken.None);
        return listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public async ValueTask DisposeAsync()
    {
        var names = await ContainersAsync(all: true);
        if (names.Length > 0) await Direct.RunAsync(new ContainerCommands(ContainerEngine.Podman).Remove(names), CancellationToken.None);
        await Records.RemoveLockAsync();
        Direct.Dispose();
        Nginx.Dispose();
        Http.Dispose();
    }
}
