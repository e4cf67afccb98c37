using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Amplify;

/// <summary>
/// A stateful Amplify Hosting API (restJson1) on 127.0.0.1: apps and branches, manual deploys (CreateDeployment with a
/// pre-signed <c>zipUploadUrl</c> it serves itself, StartDeployment), jobs advancing in time (PENDING → RUNNING →
/// SUCCEED, FAILED with a reason, or stuck PENDING), StopJob, each branch's site served from its active job's zip under
/// <see cref="SiteUrl"/>, SigV4 required, injected 429/5xx, errors as Amplify sends them. Point AWS_ENDPOINT_URL_AMPLIFY at
/// <see cref="Endpoint"/>.
/// </summary>
public sealed class AmplifySimulator : IAsyncDisposable
{
    private readonly LoopbackHost _host;
    private readonly AmplifyState _state;

    private AmplifySimulator(LoopbackHost host, AmplifyState state)
    {
        _host = host;
        _state = state;
    }

    public Uri Endpoint => _host.Endpoint;
    public AmplifyFaults Faults => _state.Faults;

    /// <summary>Zips accepted on upload URLs so far.</summary>
    public int Uploads { get { lock (_state.Gate) return _state.Uploads; } }

    /// <summary>Where the branch's active job is served (its zip's files, index.html for a folder).</summary>
    public Uri SiteUrl(string appId, string branch) => new(Endpoint, $"sites/{appId}/{branch}/");

    /// <summary>Creates an app (as the console or CreateApp would).</summary>
    public void AddApp(string appId, string name, params string[] branches)
    {
        lock (_state.Gate)
        {
            var app = new SimulatedAmplifyApp(appId, name, _state.Now);
            foreach (var branch in branches) app.Branches[branch] = (_state.Now, []);
            _state.Apps[appId] = app;
        }
    }

    /// <summary>The branch's jobs, oldest first.</summary>
    public IReadOnlyList<SimulatedAmplifyJob> Jobs(string appId, string branch)
    {
        lock (_state.Gate) return [.. _state.Apps[appId].Branches[branch].Jobs];
    }

    /// <summary>A job's status now.</summary>
    public string StatusOf(SimulatedAmplifyJob job) { lock (_state.Gate) return job.StatusAt(_state.Now, _state.Options); }

    public static async Task<AmplifySimulator> StartAsync(AmplifySimulatorOptions? options = null)
    {
        var state = new AmplifyState(options ?? AmplifySimulatorOptions.Default);
        var host = await LoopbackHost.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                if (Refusal(state, context) is { } refusal) { await refusal.ExecuteAsync(context); return; }
                context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                await next(context);
            });
            AmplifyRoutes.Map(app, state);
        });
        return new AmplifySimulator(host, state);
    }

    private static IResult? Refusal(AmplifyState state, HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        // The upload URL is pre-signed and the sites are public: only the API wants a signature.
        if (!path.StartsWith("/apps", StringComparison.Ordinal)) return null;
        if (state.Faults.Next.TryDequeue(out var status))
            return status == 429
                ? AmplifyRoutes.Error(context, 429, "TooManyRequestsException", "Rate exceeded")
                : AmplifyRoutes.Error(context, status, "InternalFailureException", "injected fault");
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal) || !authorization.Contains("/amplify/aws4_request", StringComparison.Ordinal))
            return AmplifyRoutes.Error(context, 401, "UnauthorizedException", "Request is not signed with SigV4 for the amplify service.");
        return null;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
