using Octokit;

namespace Deployer.Tests.Simulators;

/// <summary>The GitHub simulator answers Octokit, a client nobody here wrote, as GitHub does.</summary>
public class GitHubSimulatorOctokitTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private const string Owner = "acme", Name = "shop";

    [Fact]
    public async Task Octokit_creates_a_deployment_and_reads_it_back()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();

        var created = await client.Repository.Deployment.Create(Owner, Name, new NewDeployment(Sha)
        {
            Environment = "staging", Task = "deploy:migrations", Description = "shop to staging", AutoMerge = false,
            RequiredContexts = [], Payload = new() { ["app"] = "shop" },
        });

        Assert.True(created.Id > 0);
        Assert.Equal((Sha, Sha, "staging", "staging", "deploy:migrations", "shop to staging"),
            (created.Sha, created.Ref, created.Environment, created.OriginalEnvironment, created.Task, created.Description));
        Assert.Equal("shop", created.Payload["app"]);
        Assert.False(created.ProductionEnvironment);
        Assert.Equal("github-actions[bot]", created.Creator.Login);
        Assert.Equal(new Uri(github.Simulator.Endpoint, $"repos/acme/shop/deployments/{created.Id}/statuses").ToString(), created.StatusesUrl);
        Assert.InRange(created.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var all = await client.Repository.Deployment.GetAll(Owner, Name);
        Assert.Equal([created.Id], all.Select(d => d.Id));
    }

    [Fact]
    public async Task A_deployment_to_production_is_a_production_environment_by_default_and_a_branch_resolves_to_its_commit()
    {
        await using var github = await GitHubTestbed.StartAsync();
        github.Simulator.SetBranch(GitHubTestbed.Repository, "main", Sha);

        var created = await github.Octokit().Repository.Deployment.Create(Owner, Name, new NewDeployment("main") { RequiredContexts = [] });

        Assert.Equal(("main", Sha, "production", "deploy"), (created.Ref, created.Sha, created.Environment, created.Task));
        Assert.True(created.ProductionEnvironment);
    }

    [Fact]
    public async Task Statuses_carry_the_urls_and_list_newest_first()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();
        var deployment = await client.Repository.Deployment.Create(Owner, Name, new NewDeployment(Sha) { Environment = "staging", RequiredContexts = [] });

        await client.Repository.Deployment.Status.Create(Owner, Name, deployment.Id, new NewDeploymentStatus(DeploymentState.InProgress) { LogUrl = "https://ci/run/1" });
        var success = await client.Repository.Deployment.Status.Create(Owner, Name, deployment.Id, new NewDeploymentStatus(DeploymentState.Success)
        {
            LogUrl = "https://ci/run/1", EnvironmentUrl = "https://staging.shop.example", Description = "Deployed",
        });

        Assert.Equal((DeploymentState.Success, "https://ci/run/1", "https://ci/run/1", "https://staging.shop.example", "Deployed"),
            (success.State.Value, success.LogUrl, success.TargetUrl, success.EnvironmentUrl, success.Description));
        var statuses = await client.Repository.Deployment.Status.GetAll(Owner, Name, deployment.Id);
        Assert.Equal([DeploymentState.Success, DeploymentState.InProgress], statuses.Select(s => s.State.Value));
    }

    [Fact]
    public async Task A_success_marks_the_earlier_successes_of_its_environment_inactive_and_no_others()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();
        async Task<long> Deploy(string environment, DeploymentState state, bool? autoInactive = null)
        {
            var d = await client.Repository.Deployment.Create(Owner, Name, new NewDeployment(Sha) { Environment = environment, RequiredContexts = [] });
            await client.Repository.Deployment.Status.Create(Owner, Name, d.Id, new NewDeploymentStatus(state) { AutoInactive = autoInactive });
            return d.Id;
        }
        async Task<DeploymentState> Latest(long id) => (await client.Repository.Deployment.Status.GetAll(Owner, Name, id))[0].State.Value;

        var first = await Deploy("staging", DeploymentState.Success);
        var failed = await Deploy("staging", DeploymentState.Failure);
        var production = await Deploy("production", DeploymentState.Success);
        Assert.Equal(DeploymentState.Success, await Latest(first));

        var second = await Deploy("staging", DeploymentState.Success);
        Assert.Equal(DeploymentState.Inactive, await Latest(first));
        Assert.Equal(DeploymentState.Failure, await Latest(failed));
        Assert.Equal(DeploymentState.Success, await Latest(production));
        Assert.Equal(DeploymentState.Success, await Latest(second));

        await Deploy("staging", DeploymentState.Success, autoInactive: false);
        Assert.Equal(DeploymentState.Success, await Latest(second));
    }

    [Fact]
    public async Task Octokit_pages_through_deployments_with_the_Link_header()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
            ids.Add((await client.Repository.Deployment.Create(Owner, Name, new NewDeployment(Sha) { Environment = "staging", RequiredContexts = [] })).Id);

        var everything = await client.Repository.Deployment.GetAll(Owner, Name, new ApiOptions { PageSize = 3 });
        var second = await client.Repository.Deployment.GetAll(Owner, Name, new ApiOptions { PageSize = 3, PageCount = 1, StartPage = 2 });

        Assert.Equal(Enumerable.Reverse(ids), everything.Select(d => d.Id));
        Assert.Equal(ids.AsEnumerable().Reverse().Skip(3).Take(3), second.Select(d => d.Id));
        // Three pages followed by "next", then the one page asked for.
        Assert.Equal(4, github.Simulator.Exchanges.Count(e => e.Operation == "repos/list-deployments"));
    }

    [Fact]
    public async Task Comments_are_created_listed_oldest_first_across_pages_and_updated()
    {
        await using var github = await GitHubTestbed.StartAsync();
        github.Simulator.OpenPullRequest(GitHubTestbed.Repository, 7);
        var client = github.Octokit();
        var posted = new List<IssueComment>();
        for (var i = 0; i < 5; i++) posted.Add(await client.Issue.Comment.Create(Owner, Name, 7, $"comment {i}"));

        var updated = await client.Issue.Comment.Update(Owner, Name, posted[2].Id, "edited");
        var all = await client.Issue.Comment.GetAllForIssue(Owner, Name, 7, new ApiOptions { PageSize = 2 });

        Assert.Equal(["comment 0", "comment 1", "edited", "comment 3", "comment 4"], all.Select(c => c.Body));
        Assert.Equal(posted[2].Id, updated.Id);
        Assert.Equal($"https://github.com/acme/shop/pull/7#issuecomment-{updated.Id}", updated.HtmlUrl);
        Assert.Equal("edited", (await client.Issue.Comment.Get(Owner, Name, updated.Id)).Body);
        Assert.NotNull(updated.UpdatedAt);
    }

    [Fact]
    public async Task A_wrong_token_is_an_AuthorizationException_and_no_token_is_refused_too()
    {
        await using var github = await GitHubTestbed.StartAsync();

        var wrong = await Assert.ThrowsAsync<AuthorizationException>(() => github.Octokit("ghp_wrong").Repository.Deployment.GetAll(Owner, Name));
        Assert.Equal("Bad credentials", wrong.Message);

        var anonymous = new GitHubClient(new Connection(new ProductHeaderValue("deployer-tests"), github.Simulator.Endpoint));
        var missing = await Assert.ThrowsAsync<AuthorizationException>(() => anonymous.Repository.Deployment.GetAll(Owner, Name));
        Assert.Equal("Requires authentication", missing.Message);
        Assert.Empty(github.Simulator.Deployments(GitHubTestbed.Repository));
    }

    [Fact]
    public async Task Unknown_repositories_deployments_and_pull_requests_are_NotFound()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();

        await Assert.ThrowsAsync<NotFoundException>(() => client.Repository.Deployment.GetAll("acme", "nothing"));
        await Assert.ThrowsAsync<NotFoundException>(() => client.Repository.Deployment.Status.GetAll(Owner, Name, 424242));
        await Assert.ThrowsAsync<NotFoundException>(() => client.Issue.Comment.Create(Owner, Name, 99, "hello"));
    }

    [Fact]
    public async Task An_unknown_ref_and_a_long_status_description_are_refused_as_GitHub_refuses_them()
    {
        await using var github = await GitHubTestbed.StartAsync();
        var client = github.Octokit();

        var noRef = await Assert.ThrowsAsync<ApiValidationException>(() => client.Repository.Deployment.Create(Owner, Name, new NewDeployment("no-such-branch")));
        Assert.Equal("No ref found for: no-such-branch", noRef.Message);

        var deployment = await client.Repository.Deployment.Create(Owner, Name, new NewDeployment(Sha) { RequiredContexts = [] });
        var tooLong = await Assert.ThrowsAsync<ApiValidationException>(() =>
            client.Repository.Deployment.Status.Create(Owner, Name, deployment.Id, new NewDeploymentStatus(DeploymentState.Success) { Description = new string('x', 141) }));
        Assert.Equal("description is too long (maximum is 140 characters)", Assert.Single(tooLong.ApiError.Errors).Message);
    }

    [Fact]
    public async Task The_primary_rate_limit_is_a_RateLimitExceededException_with_its_reset_time()
    {
        await using var github = await GitHubTestbed.StartAsync();
        github.Simulator.Faults.RateLimitNext(1, "repos/list-deployments", resetIn: TimeSpan.FromMinutes(20));
        var client = github.Octokit();

        var limited = await Assert.ThrowsAsync<RateLimitExceededException>(() => client.Repository.Deployment.GetAll(Owner, Name));

        Assert.Equal((5000, 0), (limited.Limit, limited.Remaining));
        Assert.InRange(limited.Reset, DateTimeOffset.UtcNow.AddMinutes(19), DateTimeOffset.UtcNow.AddMinutes(21));
        Assert.Empty(await client.Repository.Deployment.GetAll(Owner, Name));
        Assert.True(client.GetLastApiInfo().RateLimit.Remaining > 0);
    }

    [Theory]
    [InlineData(false, 403)]
    [InlineData(true, 429)]
    public async Task A_secondary_rate_limit_says_how_long_to_wait(bool tooManyRequests, int status)
    {
        await using var github = await GitHubTestbed.StartAsync();
        github.Simulator.Faults.SecondaryRateLimitNext(1, TimeSpan.FromSeconds(30), tooManyRequests: tooManyRequests);

        var limited = await Assert.ThrowsAnyAsync<ApiException>(() => github.Octokit().Repository.Deployment.GetAll(Owner, Name));

        Assert.Equal(status, (int)limited.StatusCode);
        Assert.Equal("30", limited.HttpResponse.Headers.First(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value);
        Assert.Contains("secondary rate limit", limited.Message);
    }

    [Fact]
    public async Task Server_errors_answer_the_next_calls_and_change_nothing()
    {
        await using var github = await GitHubTestbed.StartAsync();
        github.Simulator.Faults.FailNext(2, "repos/create-deployment", status: 503);
        var client = github.Octokit();
        var request = new NewDeployment(Sha) { RequiredContexts = [] };

        for (var i = 0; i < 2; i++)
            Assert.Equal(503, (int)(await Assert.ThrowsAsync<ApiException>(() => client.Repository.Deployment.Create(Owner, Name, request))).StatusCode);
        Assert.Empty(github.Simulator.Deployments(GitHubTestbed.Repository));
        await client.Repository.Deployment.Create(Owner, Name, request);
        Assert.Single(github.Simulator.Deployments(GitHubTestbed.Repository));
    }
}
