using Deployer.Execution;

namespace Deployer.Providers.Migrations;

/// <summary>What an upgrade did: the revision before and after (null = empty database) and the outcome (Succeeded or Unchanged).</summary>
public sealed record MigrationResult(string? Before, string? After, Outcome Outcome, IReadOnlyList<string> Applied);

/// <summary>A dry run: the current revision, the pending revisions in order, and their SQL when the tool can render it (Alembic offline mode, EF Core's idempotent script).</summary>
public sealed record MigrationPreview(string? Current, IReadOnlyList<string> Pending, string? Sql);
