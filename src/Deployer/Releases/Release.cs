using Deployer.Planning;

namespace Deployer.Releases;

/// <summary>
/// What one run shipped to one environment: the facts promotion and rollback need later. Written to the ledger when the
/// run ends, because a GitHub deployment's payload cannot change after it is created and most facts (digests, task
/// definition ARNs, migration revisions) are only known by then.
/// </summary>
/// <param name="App">The description's app name.</param>
/// <param name="Environment">Environment the release went to.</param>
/// <param name="GitSha">Commit released (for a promotion or rollback: the commit of the release it ships again).</param>
/// <param name="Mode">Release, promotion or rollback.</param>
/// <param name="Images">Image name → pinned reference, <c>repository@sha256:…</c>.</param>
/// <param name="Targets">What each deploy step left serving, by step id (<c>deploy-ecs:api</c> → its task definition ARN), as its module records it.</param>
/// <param name="Migration">The migration this run applied, or null when none ran.</param>
/// <param name="Urls">Public URLs verified or deployed (the first is the environment URL).</param>
/// <param name="Source">For a promotion: the release it promoted; for a rollback: the release it returned to.</param>
/// <param name="Replaces">For a rollback: the release it rolled back from.</param>
/// <param name="Scans">The scan gate's counts per image name; null or empty when no image was scanned.</param>
/// <param name="Smoke">Smoke tests on test traffic per deploy step id; null or empty when none ran.</param>
public sealed record Release(
    string App,
    string Environment,
    string GitSha,
    PlanMode Mode,
    IReadOnlyDictionary<string, string> Images,
    IReadOnlyDictionary<string, string> Targets,
    MigrationRecord? Migration,
    IReadOnlyList<string> Urls,
    string? Source = null,
    string? Replaces = null,
    IReadOnlyDictionary<string, ScanRecord>? Scans = null,
    IReadOnlyDictionary<string, SmokeRecord>? Smoke = null);

/// <summary>A migration as recorded in a release: the schema moved from <paramref name="Before"/> to <paramref name="After"/>.</summary>
/// <param name="Tool">alembic, efCore or command.</param>
/// <param name="Applied">Revisions (Alembic) or migration ids (EF Core) applied by this release, oldest first.</param>
public sealed record MigrationRecord(string Tool, string? Before, string? After, IReadOnlyList<string> Applied);

/// <summary>
/// GitHub's deployment states that Deployer uses. Inactive is a release that succeeded and was superseded: GitHub only
/// ever retires successes, so <see cref="ReleaseHistory.Verified"/> counts it as verified.
/// </summary>
public enum ReleaseStatus { InProgress, Success, Failure, Inactive }

/// <summary>A release as stored: its ledger id, latest status and when it was created.</summary>
/// <param name="Id">GitHub deployment id, or the local ledger's sequence number.</param>
/// <param name="LogUrl">Where the run's log is (the Actions run), when known.</param>
public sealed record LedgerEntry(string Id, Release Release, ReleaseStatus Status, DateTimeOffset CreatedAt, string? LogUrl = null)
{
    /// <summary>The facts a promotion or rollback of this release plans from.</summary>
    public ShippedRelease AsShipped() => new(Id, Release.Environment, Release.GitSha, Release.Mode, Status.ToString().ToLowerInvariant(),
        CreatedAt, Release.Images, Release.Targets);
}

/// <summary>
/// Where releases are recorded: GitHub Deployments with a token, else a local file so rehearsals work. The port the run
/// talks to; implementations stay at the I/O edge.
/// </summary>
public interface IReleaseLedger
{
    /// <summary>Human name for messages, e.g. <c>GitHub deployments of acme/saas</c> or the local file path.</summary>
    string Name { get; }

    /// <summary>
    /// Records a finished run: creates the deployment with the release as its payload, then sets
    /// <paramref name="status"/> with the environment URL and log URL. A success makes the environment's earlier
    /// successful releases inactive, as GitHub does for non-transient environments.
    /// </summary>
    Task<LedgerEntry> RecordAsync(Release release, ReleaseStatus status, string? logUrl, CancellationToken cancellationToken);

    /// <summary>The environment's releases of <paramref name="app"/>, newest first, each with its latest status.</summary>
    Task<IReadOnlyList<LedgerEntry>> HistoryAsync(string app, string environment, CancellationToken cancellationToken);

    /// <summary>
    /// Before any change: throws what <see cref="RecordAsync"/> would when the ledger cannot be read (or, where it can
    /// tell, written), so a release is never deployed and then left unrecorded. By default, reads the history.
    /// </summary>
    async Task CheckAsync(string app, string environment, CancellationToken cancellationToken) =>
        await HistoryAsync(app, environment, cancellationToken).ConfigureAwait(false);
}
