using Npgsql;

namespace Deployer.Providers.Migrations;

/// <summary>Turns a SQLAlchemy/libpq URL (<c>postgresql[+driver]://user:password@host:port/db?sslmode=…</c>) into an Npgsql connection string.</summary>
internal static class PostgresUrl
{
    public static string ToNpgsql(string url)
    {
        if (!url.Contains("://", StringComparison.Ordinal)) return url; // already key=value form
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.Scheme.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
            throw new MigrationException("The migration connection is not a postgresql:// URL.");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Pooling = false,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) builder.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) builder.Password = Uri.UnescapeDataString(userInfo[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (pair.Split('=', 2)[0], Uri.UnescapeDataString(pair.Split('=', 2).ElementAtOrDefault(1) ?? ""));
            if (key == "sslmode" && Enum.TryParse<SslMode>(value.Replace("-", ""), ignoreCase: true, out var mode)) builder.SslMode = mode;
        }
        return builder.ConnectionString;
    }
}
