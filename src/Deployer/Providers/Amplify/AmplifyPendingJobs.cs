using Deployer.Aws.Amplify;

namespace Deployer.Providers.Amplify;

/// <summary>
/// A PENDING or RUNNING job an earlier run left on the branch (a runner that died between CreateDeployment and
/// StartDeployment leaves one PENDING for good) blocks every later deploy: found, said, and stopped only when allowed.
/// </summary>
public sealed class AmplifyPendingJobs(IAmplifyApi amplify, TimeProvider time, TimeSpan interval)
{
    /// <summary>What was stopped (for the step's message), or the refusal naming the blocking job.</summary>
    public sealed record Outcome(IReadOnlyList<AmplifyJobSummary> Stopped, string? Refusal);

    public async Task<Outcome> ClearAsync(AmplifyAppSpec app, CancellationToken cancellationToken)
    {
        var blocking = (await amplify.ListJobsAsync(app.AppId, app.Branch, 10, cancellationToken)).Where(j => j.InFlight).ToArray();
        if (blocking.Length == 0) return new Outcome([], null);
        if (!app.StopPendingJobs)
            return new Outcome([], $"branch {app.Branch} of app {app.AppId} has job {Describe(blocking[0])}, left by an earlier run; it blocks every deploy. " +
                                   $"Stop it (aws amplify stop-job --app-id {app.AppId} --branch-name {app.Branch} --job-id {blocking[0].JobId}) or set stopPendingJobs: true");
        foreach (var job in blocking.Where(j => j.Status != "CANCELLING"))
            await amplify.StopJobAsync(app.AppId, app.Branch, job.JobId, cancellationToken);
        // CANCELLING still blocks: wait (bounded) until each one is CANCELLED.
        foreach (var job in blocking)
            for (var polls = 0; (await amplify.GetJobAsync(app.AppId, app.Branch, job.JobId, cancellationToken)).Summary.InFlight; polls++)
            {
                if (polls >= 60) return new Outcome(blocking, $"job {job.JobId} of branch {app.Branch} was stopped but is still not CANCELLED");
                await Task.Delay(interval, time, cancellationToken);
            }
        return new Outcome(blocking, null);
    }

    public static string Describe(AmplifyJobSummary job) => $"{job.JobId} ({job.Status} since {job.StartTime:u})";
}
