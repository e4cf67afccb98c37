using Deployer.Tests.Simulators;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>
/// actions/dry-run run as the runner runs it, against the Vercel and GitHub simulators: a promotion's dry run names the
/// deployment it would promote (vercel-deployment-id), never a preview URL, and creates nothing on Vercel.
/// </summary>
public sealed class VercelDryRunActionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Sha = "5e1ec7ed0000000000000000000000000000c0de";
    private VercelTestbed _vercel = null!;
    private GitHubTestbed _github = null!;
    private readonly List<CompositeActionRunner> _runners = [];

    public async Task InitializeAsync()
    {
        _vercel = await VercelTestbed.StartAsync();
        _github = await GitHubTestbed.StartAsync();
        File.WriteAllText(Path.Combine(_vercel.Root, "deploy.yml"), """
            app: shop
            environments:
              staging:
                vercel: [{ project: web, directory: site, production: false }]
              production:
                promotesFrom: staging
                vercel: [{ project: web, directory: site }]
            """);
        _vercel.Write("index.html", "<h1>shop</h1>");
    }

    private CompositeActionRunner Action(string name)
    {
        var runner = new CompositeActionRunner(Repository.PathOf("actions", name)) { Workspace = _vercel.Root, Log = output.WriteLine, GitHubToken = GitHubTestbed.Token };
        runner.Environment["DEPLOYER_VERCEL_API_URL"] = _vercel.Simulator.Endpoint.ToString();
        runner.Environment["DEPLOYER_VERCEL_DEPLOYMENTS_URL"] = _vercel.Simulator.Endpoint.ToString();
        foreach (var (key, value) in _github.Environment) runner.Environment[key] = value;
        _runners.Add(runner);
        return runner;
    }

    /// <summary>The token as a workflow's <c>env:</c> gives it, or through the action's <c>vercel-token</c> input.</summary>
    private Task<ActionRun> DryRunAsync(string target, bool tokenAsInput = false)
    {
        var runner = Action("dry-run");
        var inputs = new Dictionary<string, string> { ["environment"] = "production", ["target"] = target, ["git-sha"] = Sha };
        if (tokenAsInput) inputs["vercel-token"] = "vercel-test-token";
        else runner.Environment["VERCEL_TOKEN"] = "vercel-test-token";
        return runner.RunAsync(inputs);
    }

    [Fact]
    public async Task A_promotion_dry_run_names_the_staging_deployment_it_would_promote_and_creates_nothing()
    {
        var staging = await Action("deploy").RunAsync(new Dictionary<string, string>
        {
            ["environment"] = "staging", ["target"] = "vercel", ["git-sha"] = Sha, ["vercel-token"] = "vercel-test-token",
        });
        Assert.True(staging.Succeeded, staging.Log);
        var staged = Assert.Single(_vercel.Simulator.Deployments);
        var before = _vercel.Simulator.Requests.Count;

        var promote = await DryRunAsync("promote");
        var release = await DryRunAsync("vercel", tokenAsInput: true);

        Assert.True(promote.Succeeded, promote.Log);
        Assert.Equal(staged.Id, promote.Output("vercel-deployment-id"));
        Assert.Equal("", promote.Output("vercel-preview-url"));
        Assert.Contains($"production of 'web' → {staged.Id} (promote, no rebuild)", promote.Output("plan"));
        Assert.True(release.Succeeded, release.Log);
        Assert.Equal("", release.Output("vercel-deployment-id"));
        // Staging's preview already holds the file, so nothing would upload.
        Assert.Contains($"+ 0 files (0 bytes) to upload, 1 already on Vercel (compared with the files of recent deployment {staged.Id}; the project has no production deployment)", release.Output("plan"));
        Assert.All(_vercel.Simulator.Requests.Skip(before), r => Assert.StartsWith("GET ", r));
        Assert.Single(_vercel.Simulator.Deployments);
        Assert.Null(_vercel.Simulator.ProductionOf("web"));
        Assert.DoesNotContain("vercel-test-token", promote.Everything + release.Everything);
        Assert.Contains("vercel-test-token", release.Masks);
    }

    public async Task DisposeAsync()
    {
        foreach (var runner in _runners) runner.Dispose();
        await _vercel.DisposeAsync();
        await _github.DisposeAsync();
    }
}
