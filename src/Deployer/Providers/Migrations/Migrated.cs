using Deployer.Execution;

namespace Deployer.Providers.Migrations;

/// <summary>The schema moved from <paramref name="Before"/> to <paramref name="After"/> (<c>base</c> for an empty database).</summary>
/// <param name="Applied">Revisions (Alembic) or migration ids (EF Core) this run applied, oldest first.</param>
public sealed record Migrated(string Before, string After, IReadOnlyList<string> Applied) : StepOutput;
