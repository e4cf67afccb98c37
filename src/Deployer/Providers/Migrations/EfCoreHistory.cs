using Deployer.Secrets;
using Npgsql;

namespace Deployer.Providers.Migrations;

/// <summary>
/// The migrations a database has applied, read from EF Core's history table with Npgsql: no dotnet ef process, no build.
/// A database without the table has applied none.
/// </summary>
internal static class EfCoreHistory
{
    public static async Task<IReadOnlyList<string>> AppliedAsync(Secret connection, string table, SecretValues secrets, CancellationToken cancellationToken)
    {
        var quoted = string.Join('.', table.Split('.').Select(part => "\"" + part.Replace("\"", "\"\"") + "\""));
        try
        {
            await using var npgsql = new NpgsqlConnection(PostgresUrl.ToNpgsql(connection.Reveal()));
            await npgsql.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT \"MigrationId\" FROM {quoted} ORDER BY \"MigrationId\"", npgsql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var applied = new List<string>();
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
            return applied;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return [];
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or ArgumentException)
        {
            throw new MigrationException($"Could not read the applied EF Core migrations from {table}: {secrets.Scrub(e.Message)}");
        }
    }
}
