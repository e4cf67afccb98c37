using System.Text.Json;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Releases;
using Deployer.Runs;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Runs;

/// <summary>
/// A deploy run's checks before any change (result file, ledger, providers) and the agreement of its result file with its
/// exit code, with stand-in step handlers that record whether anything ran.
/// </summary>
public sealed class DeployRunTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Description = """
        app: shop
        environments:
          production:
            vercel:
              - { project: shop-web, directory: web }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("deployer-run-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _log = new();
    private readonly StubStepHandler _handler = new(_ => true);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string ResultFile => Path.Combine(_root, "out", "result.json");
    private string LedgerFile => Path.Combine(_root, ".deployer", "releases.json");

    [Fact]
    public async Task A_corrupt_ledger_stops_the_release_before_any_step_runs_and_the_result_file_says_so()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LedgerFile)!);
        File.WriteAllText(LedgerFile, "{ not json");

        var exitCode = await Run(new LocalLedger(LedgerFile, TimeProvider.System));

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Empty(_handler.Ran);
        Assert.Contains("cannot be used; nothing was changed", _log.ToString());
        Assert.Equal(ExitCodes.Failed, Written().GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task An_unwritable_ledger_stops_the_release_before_any_step_runs()
    {
        File.WriteAllText(Path.Combine(_root, ".deployer"), "a file where the ledger's directory should be");

        var exitCode = await Run(new LocalLedger(LedgerFile, TimeProvider.System));

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Empty(_handler.Ran);
        Assert.Contains("cannot be written", _log.ToString());
    }

    [Fact]
    public async Task A_release_the_ledger_fails_to_record_is_failed_in_the_result_file_as_in_the_exit_code()
    {
        var exitCode = await Run(new UnrecordableLedger());

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Equal(["deploy-vercel:shop-web"], _handler.Ran);
        var written = Written();
        Assert.Equal("Failed", written.GetProperty("outcome").GetString());
        Assert.Equal(ExitCodes.Failed, written.GetProperty("exitCode").GetInt32());
        Assert.Contains("was not recorded", written.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unwritable_result_file_stops_the_run_before_any_step_and_records_nothing()
    {
        var ledger = new LocalLedger(LedgerFile, TimeProvider.System);
        Directory.CreateDirectory(ResultFile);

        var exitCode = await Run(ledger);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Empty(_handler.Ran);
        Assert.Contains($"--result-file {ResultFile} is a directory", _log.ToString());
        Assert.Empty(await ledger.HistoryAsync("shop", "production", CancellationToken.None));
    }

    [Fact]
    public async Task An_invalid_description_replaces_the_previous_result_and_prints_its_errors_as_json()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ResultFile)!);
        File.WriteAllText(ResultFile, """{"outcome":"Succeeded","exitCode":0}""");

        var exitCode = await Run(null, Description + "\n    colour: blue\n", OutputFormat.Json);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal(File.ReadAllText(ResultFile), _out.ToString());
        var written = Written();
        Assert.Equal("InvalidInput", written.GetProperty("outcome").GetString());
        Assert.Equal(2, written.GetProperty("exitCode").GetInt32());
        var error = written.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal((6, 5, "environments.production.colour"), (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetInt32(), error.GetProperty("path").GetString()));
        Assert.EndsWith("deploy.yml", error.GetProperty("file").GetString());
    }

    [Fact]
    public async Task A_provider_this_version_cannot_run_exits_2_before_any_step_and_records_no_failed_release()
    {
        var ledger = new LocalLedger(LedgerFile, TimeProvider.System);

        var exitCode = await Run(ledger, handler: new StubStepHandler(_ => false));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("Provider vercel is not available yet", _log.ToString());
        Assert.Empty(await ledger.HistoryAsync("shop", "production", CancellationToken.None));
        Assert.Equal(ExitCodes.InvalidInput, Written().GetProperty("exitCode").GetInt32());
    }

    private async Task<int> Run(IReleaseLedger? ledger, string description = Description, OutputFormat output = OutputFormat.Text, StubStepHandler? handler = null)
    {
        File.WriteAllText(Path.Combine(_root, "deploy.yml"), description);
        var settings = new RunSettings("deploy.yml", "production", DryRun: false, output, Sha, ResultFile, _root);
        var providers = new StandInProviders(new ProviderSet([handler ?? _handler], [], new Dictionary<string, string>()));
        var context = new RunContext(_out, _log, new Dictionary<string, string>(), new SecretValues(), TimeProvider.System, providers, ledger);
        return await new DeployRun(settings, context).DeployAsync(null, PlanMode.Release, _ => true, CancellationToken.None);
    }

    private JsonElement Written() => JsonDocument.Parse(File.ReadAllText(ResultFile)).RootElement.Clone();

    /// <summary>A ledger that can be read but whose writes fail, as a GitHub token without deployments:write does.</summary>
    private sealed class UnrecordableLedger : IReleaseLedger
    {
        public string Name => "a ledger that refuses writes";

        public Task<LedgerEntry> RecordAsync(Release release, ReleaseStatus status, string? logUrl, CancellationToken cancellationToken) =>
            throw new IOException("403 Forbidden");

        public Task<IReadOnlyList<LedgerEntry>> HistoryAsync(string app, string environment, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LedgerEntry>>([]);
    }
}
