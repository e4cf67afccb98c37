namespace Deployer.Providers.Migrations;

/// <summary>
/// One migration tool against one database: where the database is, what a dry run would apply (with its SQL where the
/// tool can render it), and the upgrade itself, under the <see cref="MigrationLock"/>. A null target means the tool's own
/// "latest" (Alembic's head, EF Core's last migration).
/// </summary>
public interface IMigrator
{
    /// <summary>The database's current revision, or null when it has none.</summary>
    Task<string?> CurrentAsync(CancellationToken cancellationToken = default);

    /// <summary>What an upgrade to <paramref name="target"/> would apply, read without changing the database.</summary>
    Task<MigrationPreview> PreviewAsync(string? target, CancellationToken cancellationToken = default);

    /// <summary>Upgrades the database to <paramref name="target"/>.</summary>
    Task<MigrationResult> UpgradeAsync(string? target, CancellationToken cancellationToken = default);
}
