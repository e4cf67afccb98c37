using Deployer.Secrets;
using Npgsql;

namespace Deployer.Providers.Migrations;

/// <summary>
/// The database-wide migration lock: a PostgreSQL session advisory lock held on its own connection while a migration runs,
/// so two runs against one database never overlap. A second run polls, says once that it waits, and fails after a timeout.
/// </summary>
public sealed class MigrationLock : IAsyncDisposable
{
    /// <summary>The advisory lock key every Deployer migration run uses (a fixed 64-bit number, "DEPLOYMG").</summary>
    public const long Key = 0x4445504C4F594D47;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly NpgsqlConnection _connection;

    private MigrationLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>
    /// Takes the lock on the database <paramref name="connection"/> points to, waiting up to <paramref name="timeout"/> as
    /// measured by the run's <paramref name="time"/> (so the wait and its timeout follow the run's clock, not the machine's).
    /// </summary>
    public static async Task<MigrationLock> AcquireAsync(Secret connection, TimeSpan timeout, TimeProvider time, Action<string> output, CancellationToken cancellationToken = default)
    {
        var secrets = new SecretValues();
        secrets.Add(connection);
        var npgsql = new NpgsqlConnection(PostgresUrl.ToNpgsql(connection.Reveal()));
        try
        {
            await npgsql.OpenAsync(cancellationToken);
            var started = time.GetTimestamp();
            var announced = false;
            while (!await TryLockAsync(npgsql, cancellationToken))
            {
                if (!announced)
                {
                    output($"waiting for the migration lock: another migration run holds it on this database (timeout {timeout})");
                    announced = true;
                }
                if (time.GetElapsedTime(started) >= timeout)
                    throw new MigrationException($"Timed out after {timeout} waiting for the migration lock: another migration run still holds it on this database.");
                await Task.Delay(PollInterval, time, cancellationToken);
            }
            if (announced) output("migration lock acquired");
            return new MigrationLock(npgsql);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await npgsql.DisposeAsync();
            throw new MigrationException("Could not take the migration lock: " + secrets.Scrub(e.Message));
        }
        catch
        {
            await npgsql.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", Key);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Releases the lock and closes its connection (closing alone would release it too).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", Key);
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException) { /* the session ends below, which releases the lock */ }
        await _connection.DisposeAsync();
    }
}
