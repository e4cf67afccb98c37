namespace Deployer.Aws.CloudWatch;

/// <summary>The one CloudWatch call Deployer makes: the state of named alarms, read while a release bakes.</summary>
public interface ICloudWatchApi
{
    /// <summary>DescribeAlarms by name, metric and composite alarms alike; names CloudWatch does not know are absent from the answer.</summary>
    Task<IReadOnlyList<AlarmState>> DescribeAlarmsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken);
}

/// <summary>An alarm's name and state: OK, ALARM or INSUFFICIENT_DATA, with CloudWatch's reason.</summary>
public sealed record AlarmState(string Name, string StateValue, string? StateReason);
