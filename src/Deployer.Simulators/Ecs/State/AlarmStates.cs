namespace Deployer.Simulators.Ecs.State;

/// <summary>
/// The CloudWatch alarms a service deployment watches, as the simulator sees them: a name and its state value (OK,
/// ALARM, INSUFFICIENT_DATA). Unknown alarms are OK. Guarded by <see cref="EcsState.Gate"/>.
/// </summary>
internal sealed class AlarmStates
{
    public static readonly string[] Values = ["OK", "ALARM", "INSUFFICIENT_DATA"];

    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);

    public void Set(string alarmName, string stateValue) => _states[alarmName] = stateValue;

    public bool InAlarm(string alarmName) => _states.TryGetValue(alarmName, out var value) && value == "ALARM";
}
