namespace Deployer.Releases;

/// <summary>
/// Whether a rollback may go ahead given the migrations since its target. Migrations are never undone, so returning
/// to release T runs T's code against every migration applied after T: refused unless forced. Every release after the
/// target counts, failed ones too: a run can migrate and then fail to deploy, and its migration stays applied.
/// </summary>
public static class RollbackGuard
{
    public static RollbackVerdict Check(IReadOnlyList<LedgerEntry> history, LedgerEntry target, bool force)
    {
        var ordered = ReleaseHistory.NewestFirst(history.Where(e => e.Id != target.Id).Append(target));
        var migrated = ordered.TakeWhile(e => e.Id != target.Id)
            .Where(e => e.Release.Migration is { Applied.Count: > 0 })
            .Reverse()
            .ToList();
        if (migrated.Count == 0) return new RollbackVerdict(true, [], null);

        var release = target.Release;
        var lines = string.Join(Environment.NewLine, migrated.Select(e =>
            $"  release {ReleaseHistory.Describe(e)}{(ReleaseHistory.Verified(e) ? "" : $", {LedgerText.State(e.Status)}")} applied " +
            $"{e.Release.Migration!.Tool} {string.Join(", ", e.Release.Migration.Applied)}"));
        var where = $"{release.App} in {release.Environment}";
        var message = force
            ? $"Rolling back {where} to release {ReleaseHistory.Describe(target)} although later releases migrated the database (--force). " +
              $"Migrations are never undone; these stay applied:{Environment.NewLine}{lines}"
            : $"Refusing to roll back {where} to release {ReleaseHistory.Describe(target)}: later releases migrated the database, " +
              $"and a rollback never undoes a migration.{Environment.NewLine}{lines}{Environment.NewLine}" +
              $"Release {target.Id}'s code would run against a schema it was not written for. If it tolerates these migrations, " +
              "run the rollback again with --force; otherwise ship a fix forward.";
        return new RollbackVerdict(force, migrated, message);
    }
}

/// <summary>The outcome of <see cref="RollbackGuard.Check"/>.</summary>
/// <param name="Allowed">Go ahead: nothing migrated since the target, or forced.</param>
/// <param name="Migrated">Releases after the target that applied migrations, oldest first.</param>
/// <param name="Message">The refusal, or with --force the warning to print; null when nothing migrated.</param>
public sealed record RollbackVerdict(bool Allowed, IReadOnlyList<LedgerEntry> Migrated, string? Message);
