namespace Deployer.Providers.Migrations;

/// <summary>
/// A migration failed (a revision raised, the lock timed out, a tool is missing). The message is scrubbed of the connection
/// secret; <see cref="Before"/>/<see cref="After"/> are the revisions around the failure when known.
/// </summary>
public sealed class MigrationException(string message, string? before = null, string? after = null, string? failedRevision = null)
    : Exception(message)
{
    public string? Before { get; } = before;
    public string? After { get; } = after;
    /// <summary>The revision (Alembic) or migration (EF Core) that raised, when the tool's log names it.</summary>
    public string? FailedRevision { get; } = failedRevision;
}
