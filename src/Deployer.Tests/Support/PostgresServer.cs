using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CliWrap;
using CliWrap.Buffered;
using Deployer.Secrets;
using Npgsql;

namespace Deployer.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL cluster (Debian <c>postgresql</c>) in a temp dir, on a free 127.0.0.1 port with password
/// (scram) authentication for a created role. Shared by the <see cref="PostgresCollection"/>; tests create their own databases.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string _root = null!;
    private string _bin = null!;
    private string _data = null!;
    private string _socket = null!;

    public int Port { get; private set; }
    public const string Role = "deployer_app";

    /// <summary>The role's password (random per fixture), so tests can check it never leaks.</summary>
    public string Password { get; } = "pw" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    /// <summary>How long initdb + start took.</summary>
    public TimeSpan StartTime { get; private set; }

    /// <summary>A SQLAlchemy/libpq URL for <paramref name="database"/>, with the password.</summary>
    public Secret Url(string database) => new($"postgresql://{Role}:{Password}@127.0.0.1:{Port}/{database}");

    /// <summary>An Npgsql connection string for <paramref name="database"/>.</summary>
    public string NpgsqlConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={Role};Password={Password};Database={database};Pooling=false";

    /// <summary>A fresh empty database owned by the role.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "db_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(NpgsqlConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Runs a scalar query against <paramref name="database"/>.</summary>
    public async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(NpgsqlConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        _bin = versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var n) ? n : 0).FirstOrDefault()!;
        Assert.True(_bin is not null, "PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin/initdb) are missing: install the Debian package postgresql (apt-get install postgresql).");
        RequiredTool.Program("runuser", "util-linux");

        _root = Directory.CreateTempSubdirectory("deployer-pg-").FullName;
        _data = Path.Combine(_root, "data");
        _socket = Path.Combine(_root, "sock");
        Directory.CreateDirectory(_socket);
        var pwfile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(pwfile, Password + "\n");
        await Cli.Wrap("chown").WithArguments(["-R", "postgres:postgres", _root]).ExecuteBufferedAsync();

        await AsPostgres("initdb", "-D", _data, "-U", "postgres", "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--no-sync", "--no-instructions");
        File.Delete(pwfile);
        Port = FreePort();
        await AsPostgres("pg_ctl", "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "30", "start", "-o",
            $"-p {Port} -k {_socket} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        await AsPostgres("psql", "-h", _socket, "-p", Port.ToString(), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c",
            $"CREATE ROLE {Role} LOGIN CREATEDB PASSWORD '{Password}'");
        StartTime = watch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_root is null) return;
        try { await AsPostgres("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); }
        catch { /* already stopped */ }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task AsPostgres(string program, params string[] arguments)
    {
        var result = await Cli.Wrap("runuser").WithArguments(["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            .WithWorkingDirectory(_root).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            var server = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            throw new InvalidOperationException($"{program} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}\n{server}"
                .Replace(Password, Secret.Redacted));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The tests that need PostgreSQL; they run one after another. The EF Core sample is built only if one of them asks.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>, ICollectionFixture<EfCoreSampleProject>
{
    public const string Name = "PostgreSQL";
}
