using Deployer.Simulators.Ecs.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Ecs.Listeners;

/// <summary>
/// A load balancer's production and test listeners for one service: real HTTP servers on loopback that answer as the
/// revision ECS routes to at that moment. Production serves the last completed revision until the deployment shifts
/// production traffic (PRODUCTION_TRAFFIC_SHIFT; SCALE_UP for rolling); test serves the target revision from
/// TEST_TRAFFIC_SHIFT on while the deployment is IN_PROGRESS, else what production serves. A rollback moves both back.
/// </summary>
public sealed class ServiceListeners : IAsyncDisposable
{
    private readonly LoopbackHost _host;
    private readonly List<ServedRequest> _served = [];

    private ServiceListeners(LoopbackHost host, Uri production, Uri test)
    {
        _host = host;
        ProductionUrl = production;
        TestUrl = test;
    }

    /// <summary>The production listener, e.g. http://127.0.0.1:41234/.</summary>
    public Uri ProductionUrl { get; }

    /// <summary>The test listener: the green revision during a blue/green, canary or linear deployment.</summary>
    public Uri TestUrl { get; }

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<ServedRequest> Served
    {
        get { lock (_served) return _served.ToArray(); }
    }

    internal static async Task<ServiceListeners> StartAsync(EcsState state, string cluster, string service)
    {
        ServiceListeners? listeners = null;
        var host = await LoopbackHost.StartAsync(app => app.Run(context => listeners!.AnswerAsync(state, cluster, service, context)), listeners: 2);
        listeners = new ServiceListeners(host, host.Endpoints[0], host.Endpoints[1]);
        return listeners;
    }

    private async Task AnswerAsync(EcsState state, string cluster, string service, HttpContext context)
    {
        var listener = context.Connection.LocalPort == TestUrl.Port ? "test" : "production";
        ServiceRevisionRecord? revision;
        lock (state.Gate) revision = Route(state, cluster, service, listener);
        if (revision is null)
        {
            context.Response.StatusCode = 503; // no registered targets: what an ALB answers
            return;
        }
        var image = revision.TaskDefinition.Containers.First().Image;
        var answer = state.Faults.AnswerFor(image) ?? new AppAnswer(200, $"{image}\n");
        if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay, state.Options.TimeProvider, context.RequestAborted);
        lock (_served) _served.Add(new ServedRequest(listener, context.Request.Path, revision.TaskDefinitionArn, image, answer.Status, state.Now));
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(answer.Body ?? "", context.RequestAborted);
    }

    private static ServiceRevisionRecord? Route(EcsState state, string cluster, string name, string listener)
    {
        if (!state.Services.TryGetValue((cluster, name), out var service)) return null;
        var sd = state.ServiceDeployments.LastOrDefault(s => s.Service == service);
        var production = sd is { Status: "IN_PROGRESS", ProductionTrafficShifted: true } ? sd.TargetRevision : service.LastCompletedRevision ?? sd?.TargetRevision;
        if (listener == "production") return production;
        return sd is { Status: "IN_PROGRESS" } && sd.StagesEntered.Contains("TEST_TRAFFIC_SHIFT") ? sd.TargetRevision : production;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
