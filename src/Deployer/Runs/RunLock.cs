using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Runs;

/// <summary>Why a run did not start: another run holds the lock, or the lock store could not be used.</summary>
public sealed record LockRefusal(int ExitCode, string Message);

/// <summary>
/// The deployment lock of a run (never of a dry run): breaks it first with --force-unlock, then takes it, waiting for
/// a live holder and taking over an expired one. A workflow's concurrency group does not cover a local run; this does.
/// </summary>
public static class RunLock
{
    public static async Task<(DeployLease? Lease, LockRefusal? Refusal)> AcquireAsync(RunSettings settings, RunContext context, DeployPlan plan,
        string? runUrl, CancellationToken cancellationToken)
    {
        if (settings.DryRun || context.Locks is not { } locks) return (null, null);
        var timing = settings.Lock ?? LockTiming.Default;
        void Say(string line) => context.Log.WriteLine(line);
        try
        {
            if (settings.ForceUnlock)
            {
                var broken = await locks.BreakAsync(plan.App, plan.Environment, cancellationToken);
                Say(broken is null
                    ? $"--force-unlock: the deployment lock of {plan.App}/{plan.Environment} was not held"
                    : $"--force-unlock: broke the deployment lock of {plan.App}/{plan.Environment} held by {broken.Describe()}");
            }
            var (lease, holder) = await DeployLease.AcquireAsync(locks, plan.App, plan.Environment, Owner(context, runUrl), plan.GitSha, timing,
                context.Time, Say, cancellationToken);
            if (lease is not null) return (lease, null);
            return (null, new LockRefusal(ExitCodes.Failed,
                $"{plan.App}/{plan.Environment} is being deployed by {holder!.Describe()}; waited {timing.Wait.TotalSeconds:0.#} s; nothing was changed. " +
                $"If that run is gone, its lock expires at {holder.Expires:u}, or pass --force-unlock to break it."));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, new LockRefusal(ExitCodes.Cancelled, $"cancelled while waiting for the deployment lock of {plan.App}/{plan.Environment}; nothing was changed"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or GitHub.GitHubApiException)
        {
            return (null, new LockRefusal(ExitCodes.Failed, $"the deployment lock ({locks.Name}) cannot be used; nothing was changed: {e.Message}"));
        }
    }

    /// <summary>The workflow run's URL, else user@host.</summary>
    public static string Owner(RunContext context, string? runUrl) =>
        runUrl ?? $"{context.Environment.GetValueOrDefault("USER") ?? context.Environment.GetValueOrDefault("USERNAME") ?? "someone"}@{context.Machine}";
}
