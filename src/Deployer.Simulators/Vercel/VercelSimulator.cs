using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Vercel;

/// <summary>
/// A stateful Vercel REST API on 127.0.0.1: a SHA-1 file store answering <c>missing_files</c>, deployments advancing
/// in time (QUEUED → BUILDING → READY or ERROR with build events), promote/rollback/aliases per project, team scoping,
/// 401/403, and injected 429/5xx. Point DEPLOYER_VERCEL_API_URL (or @vercel/client's apiUrl) at <see cref="Endpoint"/>.
/// </summary>
public sealed class VercelSimulator : IAsyncDisposable
{
    private readonly LoopbackHost _host;
    private readonly VercelState _state;

    private VercelSimulator(LoopbackHost host, VercelState state)
    {
        _host = host;
        _state = state;
    }

    public Uri Endpoint => _host.Endpoint;
    public VercelFaults Faults => _state.Faults;

    /// <summary>Files uploaded so far (each POST /v2/files accepted).</summary>
    public int Uploads { get { lock (_state.Gate) return _state.Uploads; } }

    /// <summary>Every API request so far as "METHOD /path" (sites served on their domains are not counted).</summary>
    public IReadOnlyList<string> Requests { get { lock (_state.Gate) return [.. _state.Requests]; } }

    public IReadOnlyList<SimulatedVercelDeployment> Deployments { get { lock (_state.Gate) return [.. _state.Deployments]; } }

    /// <summary>The deployment id production of a project serves, if any.</summary>
    public string? ProductionOf(string project) { lock (_state.Gate) return _state.Production.GetValueOrDefault(project); }

    /// <summary>Adds a custom domain to a project: it serves the project's production deployment (Host header on <see cref="Endpoint"/>).</summary>
    public void AddDomain(string project, string domain)
    {
        lock (_state.Gate)
        {
            if (!_state.Domains.TryGetValue(project, out var list)) _state.Domains[project] = list = [];
            list.Add(domain);
        }
    }

    public IReadOnlyList<string> AliasesOf(string deploymentId) { lock (_state.Gate) return [.. _state.Aliases.GetValueOrDefault(deploymentId) ?? []]; }

    public static async Task<VercelSimulator> StartAsync(VercelSimulatorOptions? options = null)
    {
        var state = new VercelState(options ?? VercelSimulatorOptions.Default);
        var host = await LoopbackHost.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                // Sites are public (no token); everything else is the REST API.
                if (VercelServing.Serve(state, context.Request) is { } site) { await site.ExecuteAsync(context); return; }
                lock (state.Gate) state.Requests.Add($"{context.Request.Method} {context.Request.Path}");
                if (Refusal(state, context.Request) is { } refusal) { await refusal.ExecuteAsync(context); return; }
                await next(context);
            });
            VercelRoutes.Map(app, state);
        });
        return new VercelSimulator(host, state);
    }

    private static IResult? Refusal(VercelState state, HttpRequest request)
    {
        if (state.Faults.Next.TryDequeue(out var fault))
        {
            if (fault.RetryAfterSeconds is { } seconds) request.HttpContext.Response.Headers.RetryAfter = seconds.ToString();
            return VercelRoutes.Error(fault.Status, fault.Status == 429 ? "rate_limited" : "internal_server_error", "injected fault");
        }
        if (request.Headers.Authorization.ToString() != "Bearer " + state.Options.Token)
            return VercelRoutes.Error(401, "forbidden", "Not authorized");
        var team = request.Query["teamId"].FirstOrDefault() ?? request.Query["slug"].FirstOrDefault();
        if (team is not null && !state.Options.Teams.Contains(team))
            return VercelRoutes.Error(403, "forbidden", "You don't have permission to access this team");
        return null;
    }

    internal static string Sha1(byte[] content) => Convert.ToHexStringLower(SHA1.HashData(content));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
