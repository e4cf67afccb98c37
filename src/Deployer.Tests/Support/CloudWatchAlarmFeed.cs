using Deployer.Aws.CloudWatch;
using Deployer.Simulators.Ecs;

namespace Deployer.Tests.Support;

/// <summary>
/// What ECS does with a deployment's alarms: it reads their state from CloudWatch. The ECS simulator keeps alarm states of
/// its own; this feed reads the named alarms from CloudWatch (moto) every <paramref name="interval"/> and hands each state
/// to the simulator, so a test sets an alarm through CloudWatch's API (SetAlarmState) and the deployment sees it.
/// </summary>
public sealed class CloudWatchAlarmFeed : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CloudWatchAlarmFeed(ICloudWatchApi cloudWatch, EcsSimulator ecs, IReadOnlyList<string> alarmNames, TimeSpan? interval = null)
    {
        var every = interval ?? TimeSpan.FromMilliseconds(100);
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    foreach (var alarm in await cloudWatch.DescribeAlarmsAsync(alarmNames, _stop.Token))
                        ecs.SetAlarmState(alarm.Name, alarm.StateValue);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // A slow or busy moto: ECS keeps the last state it read and reads again.
                }
                try
                {
                    await Task.Delay(every, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
