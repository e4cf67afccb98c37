using Deployer.Simulators.Ecs.Engine;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.State;
using Microsoft.AspNetCore.Builder;

namespace Deployer.Simulators.Ecs;

/// <summary>
/// A stateful Amazon ECS peer on 127.0.0.1 speaking awsJson1_1 (AmazonEC2ContainerServiceV20141113). Service
/// deployments move forward on a background tick driven by <see cref="EcsSimulatorOptions.TimeProvider"/>; tasks
/// start, run and stop; faults (<see cref="Faults"/>) make tasks fail, starts slow, and requests throttle or fail.
/// </summary>
public sealed class EcsSimulator : IAsyncDisposable
{
    private readonly LoopbackHost _host;
    private readonly EcsState _state;
    private readonly EcsRequestHandler _handler;
    private readonly EcsEngine _engine;
    private readonly ITimer _ticker;
    private readonly List<Listeners.ServiceListeners> _listeners = [];

    private EcsSimulator(LoopbackHost host, EcsState state, EcsRequestHandler handler, EcsEngine engine)
    {
        _host = host;
        _state = state;
        _handler = handler;
        _engine = engine;
        var tick = state.Options.TickInterval;
        _ticker = state.Options.TimeProvider.CreateTimer(_ => engine.Tick(), null, tick, tick);
    }

    /// <summary>Where to send requests, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Endpoint => _host.Endpoint;

    /// <summary>The options it runs with.</summary>
    public EcsSimulatorOptions Options => _state.Options;

    /// <summary>Faults to inject; settable at any time.</summary>
    public EcsFaults Faults => _state.Faults;

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<Exchange> Exchanges => _handler.Exchanges;

    /// <summary>Every service deployment so far, oldest first, with the simulated time it became SUCCESSFUL.</summary>
    public IReadOnlyList<SimulatedServiceDeployment> ServiceDeployments
    {
        get
        {
            lock (_state.Gate)
                return _state.ServiceDeployments.Select(sd => new SimulatedServiceDeployment(
                    sd.Arn, sd.Service.Arn, sd.Status, sd.LifecycleStage, sd.TargetRevision.TaskDefinitionArn,
                    sd.CreatedAt, sd.SucceededAt, sd.FinishedAt)).ToList();
        }
    }

    /// <summary>When the simulator marked the service deployment SUCCESSFUL; null while it is not (or never was).</summary>
    public DateTimeOffset? SucceededAt(string serviceDeploymentArn) =>
        ServiceDeployments.FirstOrDefault(sd => sd.ServiceDeploymentArn == serviceDeploymentArn)?.SucceededAt;

    /// <summary>Whether the deployment's production listener ever routed to its target revision (blue/green: PRODUCTION_TRAFFIC_SHIFT).</summary>
    public bool ProductionTrafficShifted(string serviceDeploymentArn)
    {
        lock (_state.Gate) return _state.ServiceDeployments.First(sd => sd.Arn == serviceDeploymentArn).ProductionTrafficShifted;
    }

    /// <summary>The lifecycle stages the service deployment entered, in order.</summary>
    public IReadOnlyList<string> StagesEntered(string serviceDeploymentArn)
    {
        lock (_state.Gate) return _state.ServiceDeployments.First(sd => sd.Arn == serviceDeploymentArn).StagesEntered.ToArray();
    }

    /// <summary>
    /// Sets a CloudWatch alarm's state, as <c>aws cloudwatch set-alarm-state</c> would: a service deployment that watches
    /// the alarm (deploymentConfiguration.alarms) and is still in progress fails on the next tick once it is ALARM.
    /// </summary>
    public void SetAlarmState(string alarmName, string stateValue)
    {
        if (!State.AlarmStates.Values.Contains(stateValue)) throw new ArgumentOutOfRangeException(nameof(stateValue), stateValue, "OK, ALARM or INSUFFICIENT_DATA");
        lock (_state.Gate) _state.Alarms.Set(alarmName, stateValue);
    }

    /// <summary>Starts a production and a test listener for a service on free loopback ports; they stop with the simulator.</summary>
    public async Task<Listeners.ServiceListeners> ListenAsync(string cluster, string service)
    {
        var listeners = await Listeners.ServiceListeners.StartAsync(_state, cluster, service);
        lock (_listeners) _listeners.Add(listeners);
        return listeners;
    }

    /// <summary>Starts a simulator on a free loopback port.</summary>
    public static async Task<EcsSimulator> StartAsync(EcsSimulatorOptions? options = null)
    {
        options ??= EcsSimulatorOptions.Default;
        if (options.TickInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "TickInterval must be positive.");
        var state = new EcsState(options, new EcsFaults());
        var engine = new EcsEngine(state);
        var handler = new EcsRequestHandler(state, engine);

        var host = await LoopbackHost.StartAsync(app => app.MapPost("/", handler.HandleAsync));
        return new EcsSimulator(host, state, handler, engine);
    }

    /// <summary>Stops the tick and the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _ticker.DisposeAsync();
        foreach (var listeners in _listeners) await listeners.DisposeAsync();
        await _host.DisposeAsync();
    }
}
