using Deployer.Secrets;

namespace Deployer.Providers.Migrations;

/// <summary>
/// Where an Alembic project lives and how it reaches its database: <paramref name="Connection"/> is handed to env.py in
/// <see cref="ConnectionVariable"/> (default DATABASE_URL), never on a command line and never printed.
/// </summary>
public sealed record AlembicProject(string Directory, Secret Connection)
{
    /// <summary>The ini file, relative to <see cref="Directory"/>.</summary>
    public string IniFile { get; init; } = "alembic.ini";
    public string ConnectionVariable { get; init; } = "DATABASE_URL";
    /// <summary>The Python that has alembic and psycopg2 (Debian python3-alembic, python3-psycopg2).</summary>
    public string Python { get; init; } = "/usr/bin/python3";
    /// <summary>
    /// Every session Alembic opens is read-only (libpq's PGOPTIONS default_transaction_read_only): a dry run reads the
    /// current revision and cannot change the database even if env.py or a migration tried.
    /// </summary>
    public bool ReadOnly { get; init; }
    /// <summary>How long a run waits for another run's migration lock before failing.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
