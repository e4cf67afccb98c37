using System.Diagnostics;
using Deployer.Providers.Migrations;
using Deployer.Secrets;

namespace Deployer.Tests.Support;

/// <summary>
/// The sample EF Core project (src/Deployer.Tests/Providers/Migrations/EfCoreSample), built in place and bundled once per test run
/// on first use: building a bundle takes tens of seconds, so the tests share one and tell dotnet ef not to build again.
/// Its last migration fails when EFSAMPLE_FAIL=1 is in the tool's environment.
/// </summary>
public sealed class EfCoreSampleProject : IAsyncLifetime
{
    public static string Directory => Repository.PathOf("src", "Deployer.Tests", "Providers", "Migrations", "EfCoreSample");

    /// <summary>The sample's migrations, oldest first, as their ids.</summary>
    public const string Customers = "20261124055847_Customers", Orders = "20261124055903_Orders", OrderTotalIndex = "20261124055913_OrderTotalIndex";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _bundle;

    public TimeSpan BuildTime { get; private set; }
    public TimeSpan BundleTime { get; private set; }

    /// <summary>The project, built; with the prebuilt bundle unless the test asks for <c>dotnet ef database update</c>.</summary>
    public async Task<EfCoreProject> ProjectAsync(Secret connection)
    {
        await _gate.WaitAsync();
        try
        {
            if (_bundle is null)
            {
                var migrator = new EfCoreMigrator(new EfCoreProject(Directory, new Secret("Host=127.0.0.1;Database=unused")), TimeProvider.System, _ => { });
                var watch = Stopwatch.StartNew();
                await migrator.EnsureBuiltAsync();
                BuildTime = watch.Elapsed;
                watch.Restart();
                _bundle = await migrator.BuildBundleAsync();
                BundleTime = watch.Elapsed;
            }
        }
        finally { _gate.Release(); }
        return new EfCoreProject(Directory, connection) { Bundle = _bundle, Build = false, LockTimeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The bundle, once <see cref="ProjectAsync"/> has built it.</summary>
    public string? Bundle => _bundle;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (_bundle is not null)
            try { System.IO.Directory.Delete(Path.GetDirectoryName(_bundle)!, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
