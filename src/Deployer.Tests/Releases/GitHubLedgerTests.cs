using System.Text.Json.Nodes;
using Deployer.GitHub;
using Deployer.Planning;
using Deployer.Releases;
using Deployer.Tests.Simulators;
using Octokit;
using static Deployer.Tests.Releases.Releases;

namespace Deployer.Tests.Releases;

/// <summary>What the GitHub ledger leaves in the repository for people and other tools, and how it fails.</summary>
public sealed class GitHubLedgerTests : IAsyncLifetime
{
    private GitHubTestbed _github = null!;

    public async Task InitializeAsync() => _github = await GitHubTestbed.StartAsync();

    public Task DisposeAsync() => _github.DisposeAsync().AsTask();

    private GitHubLedger Ledger(GitHubRetryPolicy? retry = null, string token = GitHubTestbed.Token) => new(_github.Connection(token, retry));

    [Fact]
    public async Task A_release_is_a_deployment_of_its_commit_whose_payload_is_the_release_then_in_progress_and_its_outcome()
    {
        var release = Release(Sha(4), environment: "production", url: "https://shop.example", migration: Alembic("0004_refunds"));

        var entry = await Ledger().RecordAsync(release, ReleaseStatus.Success, "https://github.com/acme/shop/actions/runs/9", CancellationToken.None);

        var deployment = Assert.Single(_github.Simulator.Deployments(GitHubTestbed.Repository));
        Assert.Equal((entry.Id, Sha(4), Sha(4), "deploy", "production", true),
            (deployment.Id.ToString(), deployment.Sha, deployment.Ref, deployment.Task, deployment.Environment, deployment.ProductionEnvironment));
        Assert.Equal(ReleasePayload.ToJson(release).ToJsonString(), deployment.PayloadJson);
        Assert.Equal([("in_progress", "https://github.com/acme/shop/actions/runs/9", "https://shop.example"), ("success", "https://github.com/acme/shop/actions/runs/9", "https://shop.example")],
            deployment.Statuses.Select(s => (s.State, s.LogUrl, s.EnvironmentUrl)));

        var create = JsonNode.Parse(_github.Simulator.Exchanges.Single(e => e.Operation == "repos/create-deployment").RequestBody)!;
        Assert.False(create["auto_merge"]!.GetValue<bool>());
        Assert.Empty(create["required_contexts"]!.AsArray());
        Assert.Equal("shop 4444444 to production", create["description"]!.GetValue<string>());
        var statuses = _github.Simulator.Exchanges.Where(e => e.Operation == "repos/create-deployment-status").Select(e => JsonNode.Parse(e.RequestBody)!).ToList();
        Assert.Equal([false, true], statuses.Select(s => s["auto_inactive"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData(PlanMode.Promotion, "deploy:promotion", "shop 1111111 to staging (promotion of release 41)")]
    [InlineData(PlanMode.Rollback, "deploy:rollback", "shop 1111111 to staging (rollback to release 41)")]
    public async Task Promotions_and_rollbacks_say_so_in_the_task_and_the_description(PlanMode mode, string task, string description)
    {
        await Ledger().RecordAsync(Release(mode: mode, source: "41"), ReleaseStatus.Success, null, CancellationToken.None);

        Assert.Equal(task, Assert.Single(_github.Simulator.Deployments(GitHubTestbed.Repository)).Task);
        Assert.Equal(description, JsonNode.Parse(_github.Simulator.Exchanges.Single(e => e.Operation == "repos/create-deployment").RequestBody)!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_run_posts_failure_and_retires_nothing()
    {
        var ledger = Ledger();
        await ledger.RecordAsync(Release(Sha(1)), ReleaseStatus.Success, null, CancellationToken.None);
        await ledger.RecordAsync(Release(Sha(2)), ReleaseStatus.Failure, null, CancellationToken.None);

        Assert.Equal([["in_progress", "success"], ["in_progress", "failure"]],
            _github.Simulator.Deployments(GitHubTestbed.Repository).Select(d => d.Statuses.Select(s => s.State)));
    }

    [Fact]
    public async Task Deployments_other_tools_made_in_the_environment_are_passed_over()
    {
        var octokit = _github.Octokit();
        await Ledger().RecordAsync(Release(Sha(1)), ReleaseStatus.Success, null, CancellationToken.None);
        // An Actions job with `environment: staging` makes one like this; Vercel and others make their own.
        await octokit.Repository.Deployment.Create("acme", "shop", new NewDeployment(Sha(2)) { Environment = "staging", RequiredContexts = [] });
        await octokit.Repository.Deployment.Create("acme", "shop", new NewDeployment(Sha(3)) { Environment = "staging", RequiredContexts = [], Payload = new() { ["deployer"] = "yes" } });
        await octokit.Repository.Deployment.Create("acme", "shop", new NewDeployment(Sha(4)) { Environment = "staging", RequiredContexts = [], Payload = new() { ["app"] = "shop" } });

        var history = await Ledger().HistoryAsync("shop", "staging", CancellationToken.None);

        Assert.Equal(Sha(1), Assert.Single(history).Release.GitSha);
        // Only our deployment's status was read.
        Assert.Single(_github.Simulator.Exchanges, e => e.Operation == "repos/list-deployment-statuses");
    }

    [Fact]
    public async Task History_reads_on_past_a_page_of_other_deployments()
    {
        await Ledger().RecordAsync(Release(Sha(1)), ReleaseStatus.Success, null, CancellationToken.None);
        var octokit = _github.Octokit();
        for (var i = 0; i < 120; i++)
            await octokit.Repository.Deployment.Create("acme", "shop", new NewDeployment(Sha(2)) { Environment = "staging", RequiredContexts = [] });

        var history = await Ledger().HistoryAsync("shop", "staging", CancellationToken.None);

        Assert.Equal(Sha(1), Assert.Single(history).Release.GitSha);
        Assert.Equal(["GET /repos/acme/shop/deployments?environment=staging&per_page=100", "GET /repos/acme/shop/deployments?environment=staging&per_page=100&page=2"],
            _github.Simulator.Exchanges.Where(e => e.Operation == "repos/list-deployments").Select(e => e.Target));
    }

    [Fact]
    public async Task History_stops_at_its_limit()
    {
        var ledger = new GitHubLedger(_github.Connection(), historyLimit: 2);
        for (var i = 1; i <= 3; i++) await ledger.RecordAsync(Release(Sha(i)), ReleaseStatus.Failure, null, CancellationToken.None);

        Assert.Equal([Sha(3), Sha(2)], (await ledger.HistoryAsync("shop", "staging", CancellationToken.None)).Select(e => e.Release.GitSha));
    }

    [Fact]
    public async Task Server_errors_and_a_short_secondary_rate_limit_are_retried()
    {
        _github.Simulator.Faults.FailNext(2, "repos/list-deployments", status: 502);
        _github.Simulator.Faults.SecondaryRateLimitNext(1, TimeSpan.Zero, "repos/create-deployment-status", tooManyRequests: true);

        await Ledger().RecordAsync(Release(), ReleaseStatus.Success, null, CancellationToken.None);
        var history = await Ledger().HistoryAsync("shop", "staging", CancellationToken.None);

        Assert.Equal(ReleaseStatus.Success, Assert.Single(history).Status);
        Assert.Equal([502, 502, 200], _github.Simulator.Exchanges.Where(e => e.Operation == "repos/list-deployments").Select(e => e.StatusCode));
    }

    [Fact]
    public async Task Server_errors_that_persist_fail_with_the_repository_and_the_attempts()
    {
        _github.Simulator.Faults.FailNext(5, status: 503);

        var failure = await Assert.ThrowsAsync<GitHubApiException>(() => Ledger().HistoryAsync("shop", "staging", CancellationToken.None));

        Assert.Equal("GitHub answered 503 Server Error while listing the deployments of staging in acme/shop, 3 attempts; " +
                     "GitHub may be having an incident (https://www.githubstatus.com).", failure.Message);
        Assert.Equal(503, failure.StatusCode);
    }

    [Fact]
    public async Task A_bad_token_fails_at_once_naming_the_repository()
    {
        var failure = await Assert.ThrowsAsync<GitHubApiException>(() =>
            Ledger(token: "ghp_revoked").RecordAsync(Release(), ReleaseStatus.Success, null, CancellationToken.None));

        Assert.Equal("GitHub rejected the token (401 Bad credentials) while creating a deployment for staging in acme/shop. " +
                     "Check that the token is valid and not expired; in GitHub Actions pass secrets.GITHUB_TOKEN.", failure.Message);
        Assert.Single(_github.Simulator.Exchanges);
    }

    [Fact]
    public async Task An_unknown_repository_says_what_to_check()
    {
        var settings = GitHubSettings.FromEnvironment(
            new Dictionary<string, string>(_github.Environment) { ["GITHUB_REPOSITORY"] = "acme/nothing" }, new Deployer.Secrets.Secret(GitHubTestbed.Token))!;

        var failure = await Assert.ThrowsAsync<GitHubApiException>(() =>
            new GitHubLedger(new GitHubConnection(settings, TimeProvider.System)).HistoryAsync("shop", "staging", CancellationToken.None));

        Assert.Equal("GitHub answered 404 Not Found while listing the deployments of staging in acme/nothing: the repository (or what it refers to) " +
                     "does not exist, or the token cannot see it. Check GITHUB_REPOSITORY and the token's access to it.", failure.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_primary_rate_limit_is_not_waited_for_and_says_when_it_resets(bool tooManyRequests)
    {
        _github.Simulator.Faults.RateLimitNext(1, resetIn: TimeSpan.FromMinutes(30), tooManyRequests: tooManyRequests);

        var failure = await Assert.ThrowsAsync<GitHubApiException>(() => Ledger().HistoryAsync("shop", "staging", CancellationToken.None));

        Assert.StartsWith("GitHub's API rate limit for this token is used up (5000 requests per hour) while listing the deployments of staging in acme/shop; it resets at ", failure.Message);
        Assert.EndsWith(" UTC. Run again after that.", failure.Message);
        var reset = DateTimeOffset.ParseExact(failure.Message[^46..^27], "yyyy-MM-dd HH:mm:ss", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange(reset, DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));
        Assert.Single(_github.Simulator.Exchanges);
    }

    [Fact]
    public async Task A_secondary_rate_limit_longer_than_the_policy_allows_fails_at_once()
    {
        _github.Simulator.Faults.SecondaryRateLimitNext(1, TimeSpan.FromMinutes(5));

        var failure = await Assert.ThrowsAsync<GitHubApiException>(() => Ledger().HistoryAsync("shop", "staging", CancellationToken.None));

        Assert.Equal("GitHub's secondary rate limit stopped listing the deployments of staging in acme/shop (403 You have exceeded a secondary rate limit. " +
                     "Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID " +
                     $"{RequestId(failure)}.) after 1 attempt; it asked to wait 300 s.", failure.Message);
    }

    [Fact]
    public async Task A_cancelled_run_stops_as_cancelled_not_as_a_GitHub_failure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ledger().HistoryAsync("shop", "staging", cancelled.Token));
        Assert.Empty(_github.Simulator.Exchanges);
    }

    private static string RequestId(GitHubApiException failure) =>
        ((ApiException)failure.InnerException!).HttpResponse.Headers.First(h => h.Key.Equals("x-github-request-id", StringComparison.OrdinalIgnoreCase)).Value;
}
