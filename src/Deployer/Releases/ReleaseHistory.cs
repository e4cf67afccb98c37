using System.Globalization;

namespace Deployer.Releases;

/// <summary>
/// Decisions over one app's releases in one environment, as a ledger returns them: what Promote ships and where
/// Rollback returns to. Pure: the history in, the choice and its reason out.
/// </summary>
public static class ReleaseHistory
{
    /// <summary>
    /// The run ended verified. Inactive counts: GitHub only retires deployments that had succeeded, and retires them as
    /// soon as anything else in the environment succeeds, another app or the Actions job's own deployment included.
    /// </summary>
    public static bool Verified(LedgerEntry entry) => entry.Status is ReleaseStatus.Success or ReleaseStatus.Inactive;

    /// <summary>Newest first: by creation time, then by id (GitHub's timestamps have whole seconds only).</summary>
    public static IReadOnlyList<LedgerEntry> NewestFirst(IEnumerable<LedgerEntry> history) =>
        history.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => Number(e.Id)).ThenByDescending(e => e.Id, StringComparer.Ordinal).ToList();

    /// <summary>Ids of the releases a rollback (finished or not) left: someone judged them bad.</summary>
    public static IReadOnlySet<string> RolledBackFrom(IEnumerable<LedgerEntry> history) =>
        history.Where(e => e.Release.Mode == Planning.PlanMode.Rollback && e.Release.Replaces is not null)
            .Select(e => e.Release.Replaces!).ToHashSet(StringComparer.Ordinal);

    /// <summary>What Promote ships: the newest verified release that nobody rolled back from; null when there is none.</summary>
    public static LedgerEntry? LatestVerified(IReadOnlyList<LedgerEntry> history)
    {
        var rolledBackFrom = RolledBackFrom(history);
        return NewestFirst(history).FirstOrDefault(e => Verified(e) && !rolledBackFrom.Contains(e.Id));
    }

    /// <summary>
    /// Where Rollback returns: the live release is the newest verified one; the target is the newest verified release
    /// before it that ships something else (other images; for a release without images, another commit), skipping
    /// releases that were themselves rolled back from.
    /// </summary>
    public static RollbackChoice RollbackTarget(IReadOnlyList<LedgerEntry> history)
    {
        var ordered = NewestFirst(history);
        var current = ordered.FirstOrDefault(Verified);
        if (current is null) return new RollbackChoice(null, null, "no release has been verified there yet, so nothing is known to be live");

        var rolledBackFrom = RolledBackFrom(ordered);
        int skippedAsBad = 0, skippedAsSame = 0;
        foreach (var candidate in ordered.SkipWhile(e => e != current).Skip(1).Where(Verified))
        {
            if (rolledBackFrom.Contains(candidate.Id)) skippedAsBad++;
            else if (ShipsTheSame(candidate.Release, current.Release)) skippedAsSame++;
            else
                return new RollbackChoice(current, candidate,
                    $"release {Describe(candidate)} is the newest verified release before the live {Describe(current)} that ships something else");
        }

        var skipped = new List<string>();
        if (skippedAsSame > 0) skipped.Add($"{skippedAsSame} ship{(skippedAsSame == 1 ? "s" : "")} what is live");
        if (skippedAsBad > 0) skipped.Add($"{skippedAsBad} {(skippedAsBad == 1 ? "was" : "were")} rolled back from");
        return new RollbackChoice(current, null,
            $"no verified release before the live {Describe(current)} ships something else" + (skipped.Count > 0 ? $" (of the earlier ones, {string.Join(" and ", skipped)})" : ""));
    }

    /// <summary>Same images; or, when neither has images (a static site, a Lambda), the same commit.</summary>
    public static bool ShipsTheSame(Release a, Release b) =>
        a.Images.Count == 0 && b.Images.Count == 0
            ? string.Equals(a.GitSha, b.GitSha, StringComparison.OrdinalIgnoreCase)
            : a.Images.Count == b.Images.Count && a.Images.All(pair => b.Images.TryGetValue(pair.Key, out var other) && other == pair.Value);

    /// <summary>e.g. <c>release 41 (1a2b3c4)</c>.</summary>
    public static string Describe(LedgerEntry entry) => $"{entry.Id} ({LedgerText.Short(entry.Release.GitSha)})";

    private static long Number(string id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
}

/// <summary>The outcome of <see cref="ReleaseHistory.RollbackTarget"/>.</summary>
/// <param name="Current">The live release: the newest verified one; null when none is.</param>
/// <param name="Target">The release to return to; null when there is none.</param>
/// <param name="Reason">Why this target, or why none, for the plan and the error message.</param>
public sealed record RollbackChoice(LedgerEntry? Current, LedgerEntry? Target, string Reason);
