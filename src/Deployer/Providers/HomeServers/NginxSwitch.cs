using Deployer.Ssh;

namespace Deployer.Providers.HomeServers;

/// <summary>
/// Switches nginx between containers: the upstream include is written beside itself and renamed over the old one (so
/// nginx never reads half a file), checked with <c>nginx -t</c> (a refused file is replaced by the previous one at
/// once), then <c>nginx -s reload</c>, which lets old workers finish their requests. A switch is never cancelled
/// half-way: callers pass no token and undo a finished switch instead.
/// </summary>
public sealed class NginxSwitch(IHomeHost host, ProxySpec proxy) : IProxySwitch
{
    private string File => proxy.ConfigPath!;

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Backend>> ReadAsync(CancellationToken cancellationToken) =>
        await RemoteFile.ReadAsync(host, File, cancellationToken) is { } text ? NginxUpstreams.Parse(text) : new Dictionary<string, Backend>();

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, Backend>> SwitchAsync(IReadOnlyDictionary<string, Backend> current, string service, Backend backend)
    {
        var next = new Dictionary<string, Backend>(current, StringComparer.Ordinal) { [service] = backend };
        await ApplyAsync(next, current);
        return next;
    }

    /// <inheritdoc />
    public Task RestoreAsync(IReadOnlyDictionary<string, Backend> previous) => ApplyAsync(previous, previous);

    private async Task ApplyAsync(IReadOnlyDictionary<string, Backend> routes, IReadOnlyDictionary<string, Backend> fallback)
    {
        await WriteAsync(NginxUpstreams.Render(routes));
        var test = await host.RunAsync(Nginx("-t"), null, CancellationToken.None);
        if (!test.Succeeded)
        {
            await WriteAsync(NginxUpstreams.Render(fallback));
            test.EnsureSuccess(host.Name);
        }
        await host.RequireAsync(Nginx("-s", "reload"), CancellationToken.None);
    }

    private Task WriteAsync(string text) => RemoteFile.ReplaceAsync(host, File, text);

    private RemoteCommand Nginx(params string[] arguments) =>
        new(new[] { "nginx" }.Concat(proxy.NginxConfig is { } main ? ["-c", main] : Array.Empty<string>()).Concat(arguments).ToArray());
}
