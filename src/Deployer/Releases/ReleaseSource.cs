using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Releases;

/// <summary>
/// What a promotion or rollback ships: a recorded release, or why there is none. <paramref name="Replaces"/> is the
/// release a rollback leaves; <paramref name="Refusal"/>, when set, stops the run before anything changes;
/// <paramref name="Warning"/> is printed when a forced rollback crosses migrations.
/// </summary>
public sealed record ReleaseSource(LedgerEntry? Entry, string? Replaces, string? Refusal, string? Warning = null);

/// <summary>Reads the ledger for a promotion (the source environment's latest verified release) or a rollback (the release before the live one).</summary>
public static class ReleaseSources
{
    public static async Task<ReleaseSource> ReadAsync(IReleaseLedger? ledger, DeployDescription description, string environment, PlanMode mode,
        bool force, CancellationToken cancellationToken)
    {
        if (ledger is null) return new ReleaseSource(null, null, "no release ledger is configured, so there is no recorded release to ship");
        if (mode == PlanMode.Promotion)
        {
            var from = description.Environments[environment].PromotesFrom!;
            var history = await ledger.HistoryAsync(description.App, from, cancellationToken);
            return ReleaseHistory.LatestVerified(history) is { } latest
                ? new ReleaseSource(latest, null, null)
                : new ReleaseSource(null, null, $"{ledger.Name} has no verified release of {description.App} in {from} to promote: deploy {from} first");
        }
        return Rollback(await ledger.HistoryAsync(description.App, environment, cancellationToken), environment, force);
    }

    /// <summary>The rollback decision: the target, the release it leaves, and the migration guard. Pure.</summary>
    public static ReleaseSource Rollback(IReadOnlyList<LedgerEntry> history, string environment, bool force)
    {
        var choice = ReleaseHistory.RollbackTarget(history);
        if (choice.Target is not { } target)
            return new ReleaseSource(null, choice.Current?.Id, $"cannot roll back {environment}: {choice.Reason}");
        var verdict = RollbackGuard.Check(history, target, force);
        return verdict.Allowed
            ? new ReleaseSource(target, choice.Current!.Id, null, verdict.Message)
            : new ReleaseSource(target, choice.Current!.Id, verdict.Message);
    }
}
