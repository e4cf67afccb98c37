using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Coolify;

/// <summary>
/// A stateful Coolify API v4 on 127.0.0.1: applications, deployments advancing in time (queued → in_progress → finished
/// or failed, with their JSON log), cancel, rollback to an image tag, 401 for any other token, and injected 429/5xx.
/// Answers follow coollabsio/coolify's openapi.json and controllers (v4.3.11); a test validates them against it.
/// </summary>
public sealed class CoolifySimulator : IAsyncDisposable
{
    private readonly LoopbackHost _host;
    private readonly CoolifyState _state;

    private CoolifySimulator(LoopbackHost host, CoolifyState state)
    {
        _host = host;
        _state = state;
    }

    /// <summary>The instance's base URL (the API is under <c>api/v1</c>).</summary>
    public Uri Endpoint => _host.Endpoint;

    public CoolifyFaults Faults => _state.Faults;

    /// <summary>Requests that reached the simulator, in order (<c>METHOD /path?query</c>), faults included.</summary>
    public IReadOnlyList<string> Requests { get { lock (_state.Gate) return [.. _state.Requests]; } }

    /// <summary>Requests answered on the applications' own domains (<c>host METHOD /path status</c>), in order.</summary>
    public IReadOnlyList<string> Served { get { lock (_state.Gate) return [.. _state.Served]; } }

    public IReadOnlyList<SimulatedCoolifyDeployment> Deployments { get { lock (_state.Gate) return [.. _state.Deployments]; } }

    /// <summary>Adds an application building <paramref name="branch"/> of <paramref name="repository"/>, whose head is <paramref name="head"/>.</summary>
    public SimulatedCoolifyApplication AddApplication(string name, string head, string repository = "authorworks/monitoring", string branch = "main", string? fqdn = null)
    {
        lock (_state.Gate)
        {
            var application = new SimulatedCoolifyApplication(_state.Applications.Count + 1, CoolifyState.NewPublicId(), name, repository, branch, head, fqdn);
            _state.Applications[application.Uuid] = application;
            return application;
        }
    }

    /// <summary>The image tag an application runs now (after applying what finished).</summary>
    public string? RunningOf(string uuid)
    {
        lock (_state.Gate)
        {
            _state.Settle();
            return _state.Applications[uuid].Running;
        }
    }

    /// <summary>The status Coolify would report for a deployment now.</summary>
    public string StatusOf(string deploymentUuid)
    {
        lock (_state.Gate) return _state.Deployments.Single(d => d.Uuid == deploymentUuid).StatusAt(_state.Options.Time.GetUtcNow(), _state.Options);
    }

    public static async Task<CoolifySimulator> StartAsync(CoolifySimulatorOptions? options = null)
    {
        var state = new CoolifyState(options ?? CoolifySimulatorOptions.Default);
        var host = await LoopbackHost.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                if (ApplicationAt(state, context.Request.Host.Host) is { } application)
                {
                    await ServeAsync(state, application, context);
                    return;
                }
                lock (state.Gate) state.Requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
                if (Refusal(state, context) is { } refusal) { await refusal.ExecuteAsync(context); return; }
                await next(context);
            });
            CoolifyRoutes.Map(app, state);
        });
        return new CoolifySimulator(host, state);
    }

    /// <summary>The application whose <c>fqdn</c> (Coolify's comma-separated URLs) names <paramref name="host"/>, if any.</summary>
    private static SimulatedCoolifyApplication? ApplicationAt(CoolifyState state, string host)
    {
        lock (state.Gate)
            return state.Applications.Values.FirstOrDefault(a => (a.Fqdn ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Any(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// What Coolify's proxy answers on an application's domain: the application itself once a deployment finished
    /// (its name and the image tag running), and before that Traefik's 503 "no available server".
    /// </summary>
    private static Task ServeAsync(CoolifyState state, SimulatedCoolifyApplication application, HttpContext context)
    {
        string? running;
        lock (state.Gate)
        {
            state.Settle();
            running = application.Running;
            state.Served.Add($"{context.Request.Host.Host} {context.Request.Method} {context.Request.Path} {(running is null ? 503 : 200)}");
        }
        return (running is null
            ? Results.Text("no available server\n", "text/plain", statusCode: 503)
            : Results.Text($"{application.Name} {running}\n", "text/plain")).ExecuteAsync(context);
    }

    private static IResult? Refusal(CoolifyState state, HttpContext context)
    {
        if (state.Faults.Next.TryDequeue(out var fault))
        {
            if (fault.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString();
            return fault.Status == 429
                ? CoolifyRoutes.Error(429, "Rate limit exceeded. Please try again later.")
                : Results.Text("<html><body><h1>Server Error</h1></body></html>", "text/html", statusCode: fault.Status); // what a proxy in front answers
        }
        // Laravel Sanctum: a missing or unknown bearer token is 401 "Unauthenticated.".
        return context.Request.Headers.Authorization.ToString() == "Bearer " + state.Options.Token ? null : CoolifyRoutes.Error(401, "Unauthenticated.");
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
