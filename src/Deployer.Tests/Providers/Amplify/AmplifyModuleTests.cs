using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers;
using Deployer.Providers.Amplify;
using Deployer.Releases;
using Deployer.Runs;
using Deployer.Secrets;
using Deployer.Simulators.Amplify;

namespace Deployer.Tests.Providers.Amplify;

/// <summary>What the module plans, records and refuses: promotion and rollback pick a recorded zip; bad folders exit 2 before any change.</summary>
public sealed class AmplifyModuleTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Zip = "s3://mdreader-artifacts/amplify/d1/aaaa.zip";
    private const string Description = """
        app: mdreader
        environments:
          staging:
            aws: { account: "123456789012", region: us-east-1 }
            amplify: [{ appId: d1, branch: staging, artifact: frontend/dist, artifactBucket: mdreader-artifacts }]
          production:
            aws: { account: "123456789012", region: us-east-1 }
            promotesFrom: staging
            amplify: [{ appId: d1, branch: main, artifact: frontend/dist, artifactBucket: mdreader-artifacts, stopPendingJobs: true }]
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("deployer-amplify-module-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static DeployAmplifyAppStep Planned(string environment, PlanMode mode = PlanMode.Release, Release? source = null)
    {
        var description = ProviderModules.Loader.Load("deploy.yml", Description, new Dictionary<string, string>()).OrThrow();
        var entry = source is null ? null : new LedgerEntry("1", source, ReleaseStatus.Success, DateTimeOffset.UnixEpoch);
        return ProviderModules.Plan(description, new PlanInputs(environment, Sha, mode, entry?.AsShipped())).Steps.OfType<DeployAmplifyAppStep>().Single();
    }

    private static Release Recorded(string environment, IReadOnlyDictionary<string, string> targets) =>
        new("mdreader", environment, Sha, PlanMode.Release, new Dictionary<string, string>(), targets, null, []);

    [Fact]
    public void A_release_zips_the_build_folder_and_names_its_place_in_the_description()
    {
        var step = Planned("staging");

        Assert.Equal(("deploy-amplify:d1/staging", null, "environments.staging.amplify[0]"), (step.Id, step.RecordedZip, step.ConfigPath));
        Assert.Contains(("artifacts", "s3://mdreader-artifacts/amplify/d1/"), step.Details());
    }

    [Fact]
    public void A_promotion_deploys_the_zip_staging_recorded_to_the_production_branch()
    {
        var step = Planned("production", PlanMode.Promotion, Recorded("staging", new Dictionary<string, string> { ["deploy-amplify:d1/staging"] = Zip }));

        Assert.Equal(("main", Zip, false), (step.App.Branch, step.RecordedZip, step.Rollback));
        Assert.Equal("promote Amplify app d1 branch main to a recorded zip", step.Summary);
        Assert.Contains(("pending jobs", "stopped"), step.Details());
    }

    [Fact]
    public void A_rollback_redeploys_the_zip_the_branch_recorded()
    {
        var step = Planned("production", PlanMode.Rollback, Recorded("production", new Dictionary<string, string>
        {
            ["deploy-amplify:d1/main"] = Zip, ["deploy-amplify:d1/staging"] = "s3://elsewhere/other.zip",
        }));

        Assert.Equal((Zip, true), (step.RecordedZip, step.Rollback));
        Assert.Contains(("rollback to", Zip), step.Details());
    }

    [Fact]
    public void The_release_records_the_zip_and_the_checked_url()
    {
        var step = Planned("staging");
        var release = new ReleaseBuilder();
        var result = new StepResult(Outcome.Succeeded, "ok", new AmplifyDeployed("7", Zip, "https://staging.d1.amplifyapp.com/", 10, null));

        new AmplifyModule().Record(new StepRecord(step, result, null, null), release);
        var built = release.Build(new DeployPlan("mdreader", "staging", Sha, PlanMode.Release, null, [step]), null);

        Assert.Equal(Zip, built.Targets[step.Id]);
        Assert.Equal(["https://staging.d1.amplifyapp.com/"], built.Urls);
    }

    [Theory]
    [InlineData("artifactBucket: s3://mdreader-artifacts", "environments.staging.amplify[0].artifactBucket: must name an S3 bucket (no s3:// and no path)")]
    [InlineData("artifactBucket: b, timeoutMinutes: 0", "environments.staging.amplify[0].timeoutMinutes: must be at least 1 minute")]
    public void A_bad_setting_is_named(string settings, string error)
    {
        var errors = ProviderModules.Loader.Load("deploy.yml", $$"""
            app: mdreader
            environments:
              staging:
                aws: { account: "123456789012", region: us-east-1 }
                amplify: [{ appId: d1, branch: staging, artifact: dist, {{settings}} }]
            """, new Dictionary<string, string>()).Errors.Select(e => $"{e.Path}: {e.Message}");

        Assert.Contains(errors, e => e.Contains(error));
    }

    [Theory]
    [InlineData("frontend/dist/dist/index.html", "holds only the folder 'dist': point it at that folder, whose contents must be at the zip root")]
    [InlineData("frontend/dist/app.js", "has no index.html at its root")]
    [InlineData(null, "does not exist (build it first)")]
    public async Task A_folder_Amplify_would_serve_as_404s_exits_2_naming_the_setting_and_nothing_is_deployed(string? file, string problem)
    {
        await using var simulator = await AmplifySimulator.StartAsync();
        simulator.AddApp("d1", "mdreader", "staging");
        if (file is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_root, file))!);
            File.WriteAllText(Path.Combine(_root, file), "x");
        }
        File.WriteAllText(Path.Combine(_root, "deploy.yml"), Description);
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB", ["AWS_SECRET_ACCESS_KEY"] = "stub-secret",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/", ["AWS_ENDPOINT_URL_AMPLIFY"] = simulator.Endpoint.ToString(),
        };
        var log = new StringWriter();
        var secrets = new SecretValues();
        var context = new RunContext(new StringWriter(), log, environment, secrets, TimeProvider.System,
            new StandardProviders(environment, secrets, TimeProvider.System, ProviderOptions.Default));
        var settings = new RunSettings("deploy.yml", "staging", DryRun: false, OutputFormat.Text, Sha, Path.Combine(_root, "result.json"), _root);

        var exitCode = await new DeployRun(settings, context).DeployAsync(null, PlanMode.Release, _ => true, CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains($"amplify: environments.staging.amplify[0].artifact: {Path.Combine(_root, "frontend", "dist")} {problem}", log.ToString());
        Assert.DoesNotContain("   at ", log.ToString());
        Assert.Empty(simulator.Jobs("d1", "staging"));
    }
}
