using Deployer.Tests.Simulators;
using Deployer.Tests.Surface;
using Octokit;

namespace Deployer.Tests.Providers.Vercel;

/// <summary>
/// A pull request run of ./build.sh DeployVercel with --comment-on-pr: the preview deploys (Vercel simulator), GitHub
/// (simulator, read back with Octokit) gets a deployment of the commit whose environment_url is the preview URL, and the
/// plan comment carries the URL; the next push's run moves both to its own preview.
/// </summary>
public sealed class VercelPullRequestPreviewTests : IAsyncLifetime
{
    private const int PullRequest = 7;
    private const string FirstPush = "7000000000000000000000000000000000000001", SecondPush = "7000000000000000000000000000000000000002";

    private GitHubTestbed _github = null!;
    private VercelTestbed _vercel = null!;
    private readonly BuildSurface _surface = new();

    public async Task InitializeAsync()
    {
        _github = await GitHubTestbed.StartAsync();
        _github.Simulator.OpenPullRequest(GitHubTestbed.Repository, PullRequest);
        _vercel = await VercelTestbed.StartAsync();
        foreach (var (name, value) in _github.Environment) _surface.Environment[name] = value;
        _surface.Environment["GITHUB_REF"] = $"refs/pull/{PullRequest}/merge";
        _surface.Environment["DEPLOYER_VERCEL_API_URL"] = _vercel.Simulator.Endpoint.ToString();
        _surface.Environment["DEPLOYER_VERCEL_DEPLOYMENTS_URL"] = _vercel.Simulator.Endpoint.ToString();
        _surface.Environment["VERCEL_TOKEN"] = "vercel-test-token";
        File.WriteAllText(Config, """
            app: shop
            environments:
              production:
                vercel:
                  - { project: web, directory: site }
            """);
    }

    private string Config => Path.Combine(_vercel.Root, "deploy.yml");

    private SurfaceResult Push(string sha, string page)
    {
        _vercel.Write("index.html", page);
        return _surface.Run("DeployVercel", "--environment", "production", "--config", Config, "--git-sha", sha, "--comment-on-pr", "--github-token", GitHubTestbed.Token);
    }

    [Fact]
    public async Task A_pull_request_run_shows_its_preview_as_a_GitHub_deployment_and_in_the_plan_comment_and_leaves_production_alone()
    {
        var first = Push(FirstPush, "<h1>first</h1>");

        Assert.True(first.ExitCode == 0, first.All);
        var preview = Assert.Single(_vercel.Simulator.Deployments);
        Assert.False(preview.Production);
        Assert.Null(_vercel.Simulator.ProductionOf("web"));
        var url = "https://" + preview.Url;
        var octokit = _github.Octokit();
        var deployment = Assert.Single(await octokit.Repository.Deployment.GetAll("acme", "shop"));
        Assert.Equal((FirstPush, "preview pr-7 deploy-vercel:web", "deploy:preview"), (deployment.Sha, deployment.Environment, deployment.Task));
        var status = Assert.Single(await octokit.Repository.Deployment.Status.GetAll("acme", "shop", deployment.Id));
        Assert.Equal((DeploymentState.Success, url), (status.State.Value, status.EnvironmentUrl));
        var comment = Assert.Single(await octokit.Issue.Comment.GetAllForIssue("acme", "shop", PullRequest));
        Assert.Contains($"**Preview** `deploy-vercel:web`: {url} (commit 700000000000)", comment.Body);

        var second = Push(SecondPush, "<h1>second</h1>");

        Assert.True(second.ExitCode == 0, second.All);
        var next = "https://" + _vercel.Simulator.Deployments[^1].Url;
        Assert.NotEqual(url, next);
        var updated = Assert.Single(await octokit.Issue.Comment.GetAllForIssue("acme", "shop", PullRequest));
        Assert.Equal(comment.Id, updated.Id);
        Assert.Contains($"**Preview** `deploy-vercel:web`: {next} (commit 700000000000)", updated.Body);
        Assert.DoesNotContain(url, updated.Body);
        var deployments = (await octokit.Repository.Deployment.GetAll("acme", "shop")).OrderBy(d => d.Id).ToArray();
        Assert.Equal([FirstPush, SecondPush], deployments.Select(d => d.Sha));
        // The newer preview retires the older one; neither is a release of the environment (no production deployment in the ledger).
        Assert.Equal(DeploymentState.Inactive, (await octokit.Repository.Deployment.Status.GetAll("acme", "shop", deployments[0].Id))[0].State.Value);
        Assert.Equal(next, (await octokit.Repository.Deployment.Status.GetAll("acme", "shop", deployments[1].Id))[0].EnvironmentUrl);
        Assert.DoesNotContain(deployments, d => d.Environment == "production");
        Assert.Null(_vercel.Simulator.ProductionOf("web"));
        Assert.DoesNotContain(GitHubTestbed.Token, first.All + second.All + updated.Body);
    }

    public async Task DisposeAsync()
    {
        _surface.Dispose();
        await _vercel.DisposeAsync();
        await _github.DisposeAsync();
    }
}
