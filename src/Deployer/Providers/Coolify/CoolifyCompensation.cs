using Deployer.Execution;
using Deployer.Providers.Coolify.Api;
using Refit;

namespace Deployer.Providers.Coolify;

/// <summary>
/// Undoing a finished Coolify step when a later one fails (the public URL check): each application is deployed again at
/// the image tag that ran before, through Coolify's rollback, and waited on like any deployment.
/// </summary>
public static class CoolifyCompensation
{
    /// <summary>What runs now, <c>uuid@tag</c>; applications Coolify cannot inspect (or versions before rollback existed) are left out.</summary>
    public static async Task<string?> RunningAsync(ICoolifyReads api, IReadOnlyList<string> applications, CancellationToken cancellationToken)
    {
        var running = new List<(string, string)>();
        foreach (var application in applications)
        {
            try
            {
                if ((await api.RollbackImagesAsync(application, cancellationToken)).Current is { Length: > 0 } current) running.Add((application, current));
            }
            catch (ApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Coolify before v4.3 has no rollback; the step then cannot be undone, which the compensation says.
            }
        }
        return running.Count == 0 ? null : CoolifyReleaseTarget.Format(running);
    }

    public static async Task<StepResult?> RunAsync(ICoolifyDeploys api, DeployCoolifyStep step, StepResult completed, TimeProvider time, TimeSpan? interval,
        CancellationToken cancellationToken)
    {
        if (completed.OutputAs<CoolifyDeployed>() is not { } deployed) return null;
        var previous = CoolifyReleaseTarget.Parse(deployed.Previous);
        var back = deployed.Applications.Select((a, i) => (Application: a, Commit: previous.GetValueOrDefault(a), Now: deployed.Commits[i]))
            .Where(x => x.Commit is not null && x.Commit != x.Now).ToArray();
        var unknown = deployed.Applications.Where(a => !previous.ContainsKey(a)).ToArray();
        if (back.Length == 0)
            return unknown.Length == 0 ? StepResult.Of(Outcome.RolledBack, "the applications already run what ran before") : null;
        try
        {
            var wait = new CoolifyWait(api, time, interval);
            var outcomes = new List<string>();
            foreach (var (application, commit, _) in back)
            {
                var answer = await api.RollbackAsync(application, new CoolifyRollbackRequest(commit!), cancellationToken);
                if (answer.DeploymentUuid is null) return StepResult.Of(Outcome.Failed, $"Coolify queued no rollback of {application}: {answer.Message}");
                var (verdict, deployment) = await wait.UntilSettledAsync(answer.DeploymentUuid, TimeSpan.FromMinutes(step.Target.TimeoutMinutes), cancellationToken);
                if (verdict != CoolifyVerdict.Finished)
                    return StepResult.Of(Outcome.Failed, $"rollback of {application} to {commit} ended {deployment.Status} (deployment {deployment.DeploymentUuid})");
                outcomes.Add($"{application} back on {commit}");
            }
            var rest = unknown.Length == 0 ? "" : $"; {string.Join(", ", unknown)} not put back (Coolify did not say what ran before)";
            return StepResult.Of(unknown.Length == 0 ? Outcome.RolledBack : Outcome.Failed, string.Join(", ", outcomes) + rest);
        }
        catch (ApiException e)
        {
            return StepResult.Of(Outcome.Failed, CoolifyClient.Describe(e, "rollback"));
        }
    }
}
