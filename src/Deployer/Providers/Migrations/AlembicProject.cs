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
    /// <summary>Debian's Python, whose python3-alembic and python3-psycopg2 packages run Alembic when nothing else is said.</summary>
    public const string SystemPython = "/usr/bin/python3";

    /// <summary>The Python that has alembic and psycopg2: <see cref="SystemPython"/>, or the description's <c>migrations.python</c>.</summary>
    public string Python { get; init; } = SystemPython;

    /// <summary>
    /// <c>migrations.python</c> as the description wrote it (null when not set): an error about a missing interpreter or
    /// module names the setting and how to fill it, rather than the Debian packages.
    /// </summary>
    public string? PythonSetting { get; init; }

    /// <summary>What to say when the interpreter <c>migrations.python</c> names does not exist (before the run, or at its step).</summary>
    public static string MissingPython(string setting) =>
        $"migrations.python: {setting} does not exist; set it up before the run, e.g. python3 -m venv --system-site-packages .venv && .venv/bin/pip install -r requirements.txt (the workflows' migration-setup)";
    /// <summary>
    /// Every session Alembic opens is read-only (libpq's PGOPTIONS default_transaction_read_only): a dry run reads the
    /// current revision and cannot change the database even if env.py or a migration tried.
    /// </summary>
    public bool ReadOnly { get; init; }
    /// <summary>How long a run waits for another run's migration lock before failing.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
