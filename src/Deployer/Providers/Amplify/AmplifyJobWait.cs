using Deployer.Aws.Amplify;

namespace Deployer.Providers.Amplify;

/// <summary>Where a job stands after one poll.</summary>
public enum AmplifyWaitVerdict { KeepWaiting, Succeeded, Failed, Cancelled, TimedOut }

/// <summary>The pure decision: SUCCEED ends well, FAILED or CANCELLED badly, anything else waits until the deadline.</summary>
public static class AmplifyWaitDecision
{
    public static AmplifyWaitVerdict Decide(string status, TimeSpan elapsed, TimeSpan timeout) => status switch
    {
        "SUCCEED" => AmplifyWaitVerdict.Succeeded,
        "FAILED" => AmplifyWaitVerdict.Failed,
        "CANCELLED" => AmplifyWaitVerdict.Cancelled,
        _ when elapsed >= timeout => AmplifyWaitVerdict.TimedOut,
        _ => AmplifyWaitVerdict.KeepWaiting,
    };
}

/// <summary>The thin loop around <see cref="AmplifyWaitDecision"/>: it owns the clock and the reads, nothing else.</summary>
public sealed class AmplifyJobWait(IAmplifyApi amplify, TimeProvider time, TimeSpan interval)
{
    public async Task<(AmplifyWaitVerdict Verdict, AmplifyJob Job)> UntilSettledAsync(string appId, string branch, string jobId, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var job = await amplify.GetJobAsync(appId, branch, jobId, cancellationToken);
            var verdict = AmplifyWaitDecision.Decide(job.Summary.Status, time.GetElapsedTime(started), timeout);
            if (verdict != AmplifyWaitVerdict.KeepWaiting) return (verdict, job);
            await Task.Delay(interval, time, cancellationToken);
        }
    }
}
