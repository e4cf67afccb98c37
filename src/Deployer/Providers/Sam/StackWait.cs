using Deployer.Aws.CloudFormation;

namespace Deployer.Providers.Sam;

/// <summary>How often to poll a stack and how long to back off while its API keeps failing.</summary>
public sealed record StackPolling(TimeSpan Interval, TimeSpan MaximumBackoff)
{
    public static StackPolling Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
}

/// <summary>The stack as the wait left it: its last status, verdict, and every event seen since the wait began.</summary>
public sealed record StackWaitResult(StackVerdict Verdict, StackDescription? Stack, IReadOnlyList<StackEvent> Events, bool TimedOut);

/// <summary>
/// Polls a stack until <see cref="StackDecision"/> says it settled, printing each new stack event once, oldest first (not a
/// spinner). Transient API errors (throttling, 5xx, network) never end the wait: the stack moves on whether or not we read
/// it. The loop owns the clock; cancellation throws OperationCanceledException to the caller, which cancels the update.
/// </summary>
public sealed class StackWait(ICloudFormationApi cloudFormation, TimeProvider time, StackPolling polling)
{
    /// <param name="before">Ids of the events that were there before the change: not printed again.</param>
    public async Task<StackWaitResult> UntilSettledAsync(string stack, IEnumerable<string> before, TimeSpan timeout, Action<string> onEvent, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var seen = new HashSet<string>(before, StringComparer.Ordinal);
        var events = new List<StackEvent>();
        StackDescription? last = null;
        var failures = 0;
        while (true)
        {
            TimeSpan pause;
            try
            {
                // The status first, then the events: every event that led to a final status is printed before the wait ends.
                last = await cloudFormation.DescribeStackAsync(stack, cancellationToken);
                if (last is not null)
                {
                    var fresh = (await cloudFormation.DescribeStackEventsAsync(stack, cancellationToken))
                        .Where(e => seen.Add(e.EventId)).Reverse().ToArray();
                    events.AddRange(fresh);
                    foreach (var e in fresh) onEvent(Line(e));
                }
                failures = 0;
                if (last is null) return new StackWaitResult(StackVerdict.Failed, null, events, false);
                var verdict = StackDecision.Evaluate(last.Status);
                if (verdict != StackVerdict.Wait) return new StackWaitResult(verdict, last, events, false);
                pause = polling.Interval;
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                failures++;
                onEvent($"could not read stack {stack} ({e.Message}); polling again");
                var backoff = polling.Interval * Math.Pow(2, Math.Min(failures, 10));
                pause = backoff < polling.MaximumBackoff ? backoff : polling.MaximumBackoff;
            }
            if (time.GetUtcNow() - started >= timeout) return new StackWaitResult(StackVerdict.Wait, last, events, true);
            await Task.Delay(pause, time, cancellationToken);
        }
    }

    public static string Line(StackEvent e) =>
        $"{e.Timestamp:HH:mm:ss} {e.Status,-28} {e.ResourceType,-32} {e.LogicalId}{(e.Reason is { Length: > 0 } why ? $": {why}" : "")}";

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        Aws.AwsServiceException e => Aws.AwsRetryPolicy.IsRetryable(e.Code, e.HttpStatus),
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
