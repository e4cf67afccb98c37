namespace Deployer.Tests.Support;

/// <summary>
/// A real clock that runs <see cref="Scale"/> times faster: a 1-minute deploy timeout passes in a second, while the
/// simulators and processes on the other side keep real time. Timers fire after the scaled-down real delay.
/// </summary>
public sealed class ScaledTimeProvider(double scale) : TimeProvider
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly long _startTimestamp = System.GetTimestamp();

    public double Scale => scale;

    public override DateTimeOffset GetUtcNow() => _start + System.GetElapsedTime(_startTimestamp) * scale;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Shrink(dueTime), Shrink(period));

    private TimeSpan Shrink(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / scale;
}
