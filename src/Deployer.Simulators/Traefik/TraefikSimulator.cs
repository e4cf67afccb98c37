using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Traefik;

/// <summary>One request the simulated Traefik answered: the Host it was routed by, "METHOD /path?query", the router that matched (null: none) and the status sent back.</summary>
public sealed record TraefikRequest(string Host, string Target, string? Router, int Status);

/// <summary>
/// Traefik v3 with its file provider on one dynamic config file, on 127.0.0.1: each request is routed by its Host header
/// (port ignored) through the routers' <c>Host(`…`)</c> rules to the service's servers (round robin), forwarding method,
/// path, query, headers and body and passing the Host on, as Traefik does by default. No matching router answers 404
/// "404 page not found"; an unreachable server 502 "Bad Gateway". Absolute-form targets
/// (<c>GET http://users.example.com/health HTTP/1.1</c>) are routed the same way, so a client whose HTTP_PROXY is
/// <see cref="Endpoint"/> reaches the config's domains without DNS. The file is followed by <see cref="TraefikFileProvider"/>.
/// </summary>
public sealed class TraefikSimulator : IAsyncDisposable
{
    // Hop-by-hop headers (RFC 9110 7.6.1) are the proxy's own and are not forwarded either way.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Proxy-Authenticate", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly HttpMessageInvoker _upstream;
    private readonly Lock _gate = new();
    private readonly List<TraefikRequest> _requests = [];
    private LoopbackHost _host = null!;
    private long _turn;

    private TraefikSimulator(string configPath)
    {
        Provider = new TraefikFileProvider(configPath);
        // Straight to the servers: the simulator must not itself go through an HTTP_PROXY in its environment.
        _upstream = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
    }

    /// <summary>The entry point (Traefik's "web" entry point), also usable as an HTTP forward proxy.</summary>
    public Uri Endpoint => _host.Endpoint;

    /// <summary>The file provider: its loads and the errors of rejected files.</summary>
    public TraefikFileProvider Provider { get; }

    /// <summary>Every request answered so far, in order of completion.</summary>
    public IReadOnlyList<TraefikRequest> Requests { get { lock (_gate) return [.. _requests]; } }

    /// <summary>Starts serving the dynamic config at <paramref name="configPath"/> (its directory must exist; the file may come later).</summary>
    public static async Task<TraefikSimulator> StartAsync(string configPath)
    {
        var simulator = new TraefikSimulator(configPath);
        try
        {
            simulator._host = await LoopbackHost.StartAsync(app => app.Run(simulator.ServeAsync));
            return simulator;
        }
        catch
        {
            simulator.Provider.Dispose();
            simulator._upstream.Dispose();
            throw;
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = $"{request.Method} {request.Path}{request.QueryString}";
        var config = Provider.Current;
        var router = config.RouterFor(request.Host.Host);
        var status = router is null
            ? await AnswerAsync(context, StatusCodes.Status404NotFound, "404 page not found\n")
            : config.Services[router.Service] is { Count: > 0 } servers
                ? await ForwardAsync(context, servers[(int)(Interlocked.Increment(ref _turn) % servers.Count)])
                : await AnswerAsync(context, StatusCodes.Status503ServiceUnavailable, "no available server\n");
        lock (_gate) _requests.Add(new TraefikRequest(request.Host.Host, target, router?.Name, status));
    }

    private async Task<int> ForwardAsync(HttpContext context, Uri server)
    {
        var request = context.Request;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(server, $"{request.PathBase}{request.Path}{request.QueryString}"));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0) forward.Content = new StreamContent(request.Body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values)) forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        forward.Headers.Host = request.Host.Value; // passHostHeader: true, Traefik's default
        forward.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        forward.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        forward.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString());
        HttpResponseMessage response;
        try
        {
            response = await _upstream.SendAsync(forward, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            return await AnswerAsync(context, StatusCodes.Status502BadGateway, "Bad Gateway");
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            return (int)response.StatusCode;
        }
    }

    private static async Task<int> AnswerAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(body);
        return status;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _upstream.Dispose();
        Provider.Dispose();
    }
}
