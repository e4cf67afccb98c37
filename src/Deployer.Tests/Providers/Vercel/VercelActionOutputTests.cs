using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using Xunit.Abstractions;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>actions/deploy run as the runner runs it, against the Vercel simulator: its vercel- outputs name what was deployed.</summary>
public sealed class VercelActionOutputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Sha = "5e1ec7ed0000000000000000000000000000c0de";
    private VercelTestbed _vercel = null!;
    private CompositeActionRunner _runner = null!;

    public async Task InitializeAsync()
    {
        _vercel = await VercelTestbed.StartAsync();
        _runner = new CompositeActionRunner(Repository.PathOf("actions", "deploy")) { Workspace = _vercel.Root, Log = output.WriteLine };
        _runner.Environment["DEPLOYER_VERCEL_API_URL"] = _vercel.Simulator.Endpoint.ToString();
        _runner.Environment["DEPLOYER_VERCEL_DEPLOYMENTS_URL"] = _vercel.Simulator.Endpoint.ToString();
        File.WriteAllText(Path.Combine(_vercel.Root, "deploy.yml"), """
            app: shop
            environments:
              staging:
                vercel: [{ project: web-staging, directory: site, production: false }]
              production:
                vercel: [{ project: web, directory: site }]
            """);
        _vercel.Write("index.html", "<h1>shop</h1>");
    }

    private Task<ActionRun> DeployAsync(string environment) => _runner.RunAsync(new Dictionary<string, string>
    {
        ["environment"] = environment, ["target"] = "vercel", ["git-sha"] = Sha, ["vercel-token"] = "vercel-test-token",
    });

    [Fact]
    public async Task A_preview_deploy_publishes_its_preview_url_and_deployment_id()
    {
        var run = await DeployAsync("staging");

        Assert.True(run.Succeeded, run.Log);
        var preview = Assert.Single(_vercel.Simulator.Deployments);
        Assert.Equal("https://" + preview.Url, run.Output("vercel-preview-url"));
        Assert.Equal(preview.Id, run.Output("vercel-deployment-id"));
        Assert.Equal($$"""{"web-staging":"{{preview.Id}}"}""", run.Output("vercel-deployment-ids"));
        Assert.DoesNotContain("vercel-test-token", run.Everything);
    }

    [Fact]
    public async Task A_production_deploy_publishes_the_deployment_id_it_promoted_and_no_preview_url()
    {
        var run = await DeployAsync("production");

        Assert.True(run.Succeeded, run.Log);
        var production = Assert.Single(_vercel.Simulator.Deployments);
        Assert.Equal(production.Id, _vercel.Simulator.ProductionOf("web"));
        Assert.Equal(production.Id, run.Output("vercel-deployment-id"));
        Assert.Equal("", run.Output("vercel-preview-url"));
        Assert.Equal($$"""{"web":"https://{{production.Url}}"}""", run.Output("vercel-production-urls"));
    }

    public async Task DisposeAsync()
    {
        _runner.Dispose();
        await _vercel.DisposeAsync();
    }
}
