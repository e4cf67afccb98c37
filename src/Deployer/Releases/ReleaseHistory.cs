namespace Deployer.Releases;

/// <summary>Questions asked of an environment's history (newest first). Pure.</summary>
public static class ReleaseHistory
{
    /// <summary>What the environment runs now as far as the ledger knows: its newest successful release (inactive ones were superseded).</summary>
    public static LedgerEntry? LatestSuccessful(IReadOnlyList<LedgerEntry> history) =>
        history.FirstOrDefault(e => e.Status == ReleaseStatus.Success);

    /// <summary>
    /// Where a rollback from <paramref name="current"/> goes: the newest earlier release that succeeded (now inactive or
    /// success), ships other images, and is not itself a release that an earlier rollback left.
    /// </summary>
    public static LedgerEntry? RollbackTarget(IReadOnlyList<LedgerEntry> history, LedgerEntry current)
    {
        var left = history.Where(e => e.Release.Replaces is not null).Select(e => e.Release.Replaces!).ToHashSet(StringComparer.Ordinal);
        return history
            .SkipWhile(e => e.Id != current.Id).Skip(1)
            .Where(e => e.Status is ReleaseStatus.Success or ReleaseStatus.Inactive)
            .Where(e => !left.Contains(e.Id))
            .FirstOrDefault(e => !SameImages(e.Release, current.Release));
    }

    /// <summary>
    /// Every release recorded after <paramref name="target"/> that changed the schema, failed ones included: a run that
    /// failed after migrating still left the schema newer.
    /// </summary>
    public static IReadOnlyList<LedgerEntry> MigratedSince(IReadOnlyList<LedgerEntry> history, LedgerEntry target) =>
        history.TakeWhile(e => e.Id != target.Id).Where(e => e.Release.Migration is { Applied.Count: > 0 }).ToArray();

    private static bool SameImages(Release a, Release b) =>
        a.Images.Count == b.Images.Count && a.Images.All(x => b.Images.TryGetValue(x.Key, out var other) && other == x.Value);
}

/// <summary>The rollback decision: target, the release it replaces, and a refusal across recorded migrations unless forced. Pure.</summary>
public static class RollbackPlan
{
    public static ReleaseSource Decide(IReadOnlyList<LedgerEntry> history, string environment, bool force)
    {
        if (ReleaseHistory.LatestSuccessful(history) is not { } current)
            return new ReleaseSource(null, null, $"{environment} has no successful release in the ledger, so there is nothing to roll back from");
        if (ReleaseHistory.RollbackTarget(history, current) is not { } target)
            return new ReleaseSource(null, current.Id, $"{environment} has no successful release before {current.Id} ({Short(current.Release.GitSha)}) with other images to return to");
        var migrated = ReleaseHistory.MigratedSince(history, target);
        if (migrated.Count == 0 || force) return new ReleaseSource(target, current.Id, null);
        var which = string.Join("; ", migrated.Select(e =>
            $"release {e.Id} ({Short(e.Release.GitSha)}) applied {e.Release.Migration!.Tool} {string.Join(", ", e.Release.Migration.Applied)}"));
        return new ReleaseSource(target, current.Id,
            $"rolling {environment} back to release {target.Id} ({Short(target.Release.GitSha)}) is refused: {which}. " +
            "Migrations are never undone, so the older code would run against a newer schema. " +
            "Make sure that code works with the schema, then pass --force to roll back anyway.");
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
