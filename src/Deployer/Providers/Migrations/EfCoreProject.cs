using Deployer.Config;
using Deployer.Secrets;

namespace Deployer.Providers.Migrations;

/// <summary>
/// Where an EF Core project lives and how its migrations reach the database: <paramref name="Connection"/> is handed to the
/// DbContext's design-time factory in <see cref="ConnectionVariable"/> (default DATABASE_URL), never on a command line
/// (dotnet ef's <c>--connection</c> would put it in every process listing) and never printed.
/// </summary>
public sealed record EfCoreProject(string Directory, Secret Connection)
{
    /// <summary>The project file with the migrations, relative to <see cref="Directory"/>; null = the one project there.</summary>
    public string? Project { get; init; }
    public string ConnectionVariable { get; init; } = "DATABASE_URL";
    /// <summary>Run a migration bundle (default) or <c>dotnet ef database update</c>.</summary>
    public EfCoreApply Apply { get; init; } = EfCoreApply.Bundle;
    /// <summary>A bundle built earlier; null = build one for the run (into a temp folder, deleted afterwards).</summary>
    public string? Bundle { get; init; }
    /// <summary>Build the project once before the first dotnet ef command; false when it is built already (the CI build did it).</summary>
    public bool Build { get; init; } = true;
    /// <summary>The dotnet host; dotnet-ef comes from the repository's tool manifest (<c>dotnet tool restore</c>) or a global install.</summary>
    public string Dotnet { get; init; } = "dotnet";
    /// <summary>How long a run waits for another run's migration lock before failing.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>More environment for the tool and the bundle (e.g. ASPNETCORE_ENVIRONMENT); the connection variable is added to it.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    /// <summary>EF Core's history table (<c>schema.table</c> when the context moves it out of the search path).</summary>
    public string HistoryTable { get; init; } = "__EFMigrationsHistory";
}
