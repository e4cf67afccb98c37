using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace EfCoreSample;

/// <summary>
/// How dotnet ef and the migration bundle build the context: the connection comes from DATABASE_URL, never from the
/// command line, as a postgres:// URL or an Npgsql key=value string.
/// </summary>
public sealed class ShopContextFactory : IDesignTimeDbContextFactory<ShopContext>
{
    public ShopContext CreateDbContext(string[] args)
    {
        // No fallback to a local default: a bundle run without the variable must fail, not migrate some other database.
        var connection = Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("DATABASE_URL is not set: it holds the connection (postgres:// URL or Npgsql key=value string).");
        return new ShopContext(new DbContextOptionsBuilder<ShopContext>().UseNpgsql(ToNpgsql(connection)).Options);
    }

    private static string ToNpgsql(string value)
    {
        if (!value.Contains("://", StringComparison.Ordinal)) return value;
        var uri = new Uri(value);
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(user[0]),
        };
        if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
        return builder.ConnectionString;
    }
}
