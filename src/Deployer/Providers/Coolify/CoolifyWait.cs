using Deployer.Providers.Coolify.Api;

namespace Deployer.Providers.Coolify;

/// <summary>Where a Coolify deployment stands after one poll.</summary>
public enum CoolifyVerdict { KeepWaiting, Finished, Failed, Cancelled, TimedOut }

/// <summary>
/// The pure decision over a deployment's <c>status</c> (Coolify's ApplicationDeploymentStatus: queued, in_progress,
/// finished, failed, cancelled-by-user). A status this version does not know keeps it waiting until the deadline.
/// </summary>
public static class CoolifyWaitDecision
{
    public static CoolifyVerdict Decide(string status, TimeSpan elapsed, TimeSpan timeout) => status switch
    {
        "finished" => CoolifyVerdict.Finished,
        "failed" => CoolifyVerdict.Failed,
        "cancelled-by-user" => CoolifyVerdict.Cancelled,
        _ when elapsed >= timeout => CoolifyVerdict.TimedOut,
        _ => CoolifyVerdict.KeepWaiting,
    };

    /// <summary>Builds take minutes on a Pi: every 2 s for the first half minute, then every 5 s.</summary>
    public static TimeSpan IntervalAfter(TimeSpan elapsed) => elapsed < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);
}

/// <summary>The thin loop around <see cref="CoolifyWaitDecision"/>: it owns the clock and the reads, nothing else.</summary>
public sealed class CoolifyWait(ICoolifyReads api, TimeProvider time, TimeSpan? interval = null)
{
    public async Task<(CoolifyVerdict Verdict, CoolifyDeployment Deployment)> UntilSettledAsync(string deploymentUuid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var deployment = await api.DeploymentAsync(deploymentUuid, cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            var verdict = CoolifyWaitDecision.Decide(deployment.Status, elapsed, timeout);
            if (verdict != CoolifyVerdict.KeepWaiting) return (verdict, deployment);
            await Task.Delay(interval ?? CoolifyWaitDecision.IntervalAfter(elapsed), time, cancellationToken);
        }
    }
}
