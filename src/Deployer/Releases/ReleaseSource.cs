using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Releases;

/// <summary>
/// What a promotion or rollback ships: a recorded release, or why there is none. <paramref name="Replaces"/> is the
/// release a rollback leaves; <paramref name="Refusal"/>, when set, stops the run before anything changes.
/// </summary>
public sealed record ReleaseSource(LedgerEntry? Entry, string? Replaces, string? Refusal);

/// <summary>Reads the ledger for a promotion (the source environment's latest success) or a rollback (the release before the current one).</summary>
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
            return ReleaseHistory.LatestSuccessful(history) is { } latest
                ? new ReleaseSource(latest, null, null)
                : new ReleaseSource(null, null, $"{ledger.Name} has no successful release of {from} to promote: deploy {from} first");
        }
        var own = await ledger.HistoryAsync(description.App, environment, cancellationToken);
        return RollbackPlan.Decide(own, environment, force);
    }
}
