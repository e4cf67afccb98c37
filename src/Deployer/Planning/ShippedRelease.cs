namespace Deployer.Planning;

/// <summary>
/// A recorded release that a promotion or rollback ships again, as the planner and the modules see it: the facts they
/// read, without the ledger's types, so planning does not depend on how releases are stored.
/// </summary>
/// <param name="Id">The ledger's id of the release (GitHub deployment id or local sequence number).</param>
/// <param name="Environment">Environment the release went to.</param>
/// <param name="GitSha">Commit it released.</param>
/// <param name="Mode">How it was made: release, promotion or rollback.</param>
/// <param name="Status">Its latest ledger status, lower case (success, inactive…), for the plan's header.</param>
/// <param name="CreatedAt">When it was recorded.</param>
/// <param name="Images">Image name → pinned reference, <c>repository@sha256:…</c>.</param>
/// <param name="Targets">What each deploy step left serving, by step id, as its module recorded it.</param>
public sealed record ShippedRelease(
    string Id,
    string Environment,
    string GitSha,
    PlanMode Mode,
    string Status,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Images,
    IReadOnlyDictionary<string, string> Targets);
