using Deployer.Execution;
using Deployer.Providers.Coolify.Api;

namespace Deployer.Providers.Coolify;

/// <summary>Turns the settled deployments of a step into its result: what failed, with the last log lines, on one screen.</summary>
public static class CoolifyOutcome
{
    public const int LogLines = 25;

    public static async Task<StepResult> OfAsync(ICoolifyDeploys api, DeployCoolifyStep step, IReadOnlyList<Settled> settled, string? previous)
    {
        var timedOut = settled.Where(s => s.Verdict == CoolifyVerdict.TimedOut).ToArray();
        if (timedOut.Length > 0)
        {
            await CoolifyCancel.AllAsync(api, timedOut.Select(s => s.Deployment.DeploymentUuid));
            return StepResult.Of(Outcome.TimedOut, $"{string.Join(", ", timedOut.Select(Describe))} not finished after {step.Target.TimeoutMinutes} min; cancelled");
        }
        var failed = settled.Where(s => s.Verdict != CoolifyVerdict.Finished).ToArray();
        if (failed.Length > 0)
            return new StepResult(Outcome.Failed, string.Join("; ", failed.Select(f => $"{Describe(f)} ended {f.Deployment.Status}")),
                Forensics: string.Join('\n', failed.Select(Forensics)));
        return new StepResult(Outcome.Succeeded,
            $"{settled.Count} deployment(s) finished: {string.Join(", ", settled.Select(s => $"{Describe(s)} at {s.Deployment.Commit}"))}",
            new CoolifyDeployed(settled.Select(s => s.Application).ToArray(), settled.Select(s => s.Deployment.DeploymentUuid).ToArray(),
                settled.Select(s => s.Deployment.Commit ?? "").ToArray(), previous));
    }

    private static string Describe(Settled s) =>
        $"{s.Deployment.ApplicationName ?? s.Application} (deployment {s.Deployment.DeploymentUuid})";

    private static string Forensics(Settled s)
    {
        var lines = CoolifyLogs.LastLines(s.Deployment.Logs, LogLines);
        var header = $"{Describe(s)}: {s.Deployment.Status}";
        if (s.Deployment.Logs is null)
            return header + "\n  (Coolify hides deployment logs from this token: give it the read:sensitive ability, as a team admin's token, to see them here)";
        return lines.Count == 0 ? header + "\n  (the deployment logged nothing)" : header + $"\n  last {lines.Count} log line(s):\n" + string.Join('\n', lines.Select(l => "    " + l));
    }
}
