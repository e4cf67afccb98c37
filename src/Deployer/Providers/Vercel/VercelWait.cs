using Deployer.Providers.Vercel.Api;

namespace Deployer.Providers.Vercel;

/// <summary>Where a deployment stands after one poll.</summary>
public enum VercelWaitVerdict { KeepWaiting, Ready, Failed, Canceled, TimedOut }

/// <summary>The pure decision: READY (with the alias assigned for production) ends well, ERROR/CANCELED badly, else wait until the deadline.</summary>
public static class VercelWaitDecision
{
    public static VercelWaitVerdict Decide(VercelDeployment deployment, bool production, TimeSpan elapsed, TimeSpan timeout) =>
        deployment.ReadyState switch
        {
            "READY" when !production || deployment.AliasAssigned == true => VercelWaitVerdict.Ready,
            "ERROR" => VercelWaitVerdict.Failed,
            "CANCELED" => VercelWaitVerdict.Canceled,
            _ when elapsed >= timeout => VercelWaitVerdict.TimedOut,
            _ => VercelWaitVerdict.KeepWaiting,
        };

    /// <summary>
    /// 0.25, 0.5, 1, 2 s, then Vercel's own back-off (5, 15, 30 s): a deployment Vercel only has to link (unchanged
    /// files, a prebuilt output) is ready within a second, and a user should not wait for a fixed 1 s poll to see it;
    /// a real build takes long enough that the four early reads cost nothing against the API's rate limits.
    /// </summary>
    public static TimeSpan IntervalAfter(int polls) => polls switch
    {
        0 => TimeSpan.FromMilliseconds(250),
        1 => TimeSpan.FromMilliseconds(500),
        2 => TimeSpan.FromSeconds(1),
        3 => TimeSpan.FromSeconds(2),
        4 => TimeSpan.FromSeconds(5),
        5 => TimeSpan.FromSeconds(15),
        _ => TimeSpan.FromSeconds(30),
    };
}

/// <summary>The thin loop around <see cref="VercelWaitDecision"/>: it owns the clock and the reads, nothing else.</summary>
public sealed class VercelWait(IVercelDeployments deployments, TimeProvider time, TimeSpan? interval = null)
{
    public async Task<(VercelWaitVerdict Verdict, VercelDeployment Deployment)> UntilSettledAsync(string id, bool production, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        for (var polls = 0; ; polls++)
        {
            var deployment = await deployments.GetAsync(id, cancellationToken);
            var verdict = VercelWaitDecision.Decide(deployment, production, time.GetElapsedTime(started), timeout);
            if (verdict != VercelWaitVerdict.KeepWaiting) return (verdict, deployment);
            await Task.Delay(interval ?? VercelWaitDecision.IntervalAfter(polls), time, cancellationToken);
        }
    }
}
