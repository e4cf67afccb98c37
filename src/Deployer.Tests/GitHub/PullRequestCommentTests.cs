using Deployer.GitHub;
using Deployer.Tests.Simulators;

namespace Deployer.Tests.GitHub;

/// <summary>The dry run's plan on a pull request: one comment per app and environment, updated in place.</summary>
public sealed class PullRequestCommentTests : IAsyncLifetime
{
    private const int Pr = 12;
    private GitHubTestbed _github = null!;

    public async Task InitializeAsync()
    {
        _github = await GitHubTestbed.StartAsync();
        _github.Simulator.OpenPullRequest(GitHubTestbed.Repository, Pr);
    }

    public Task DisposeAsync() => _github.DisposeAsync().AsTask();

    private PullRequestComment Comments() => new(_github.Connection());

    private IReadOnlyList<(long Id, string Body)> Posted => _github.Simulator.Comments(GitHubTestbed.Repository, Pr);

    [Fact]
    public async Task The_first_plan_is_a_new_comment_that_opens_with_its_hidden_marker()
    {
        var posted = await Comments().UpsertAsync(Pr, "shop", "production", "## Plan\r\n- deploy api", CancellationToken.None);

        var comment = Assert.Single(Posted);
        Assert.Equal("<!-- deployer:plan:shop:production -->\n## Plan\n- deploy api", comment.Body);
        Assert.Equal((comment.Id, CommentOutcome.Created, $"https://github.com/acme/shop/pull/12#issuecomment-{comment.Id}"), (posted.Id, posted.Outcome, posted.HtmlUrl));
    }

    [Fact]
    public async Task A_new_plan_updates_the_same_comment_and_the_same_plan_changes_nothing()
    {
        var first = await Comments().UpsertAsync(Pr, "shop", "production", "old plan", CancellationToken.None);
        var second = await Comments().UpsertAsync(Pr, "shop", "production", "new plan", CancellationToken.None);
        var third = await Comments().UpsertAsync(Pr, "shop", "production", "new plan", CancellationToken.None);

        Assert.Equal([(first.Id, "<!-- deployer:plan:shop:production -->\nnew plan")], Posted);
        Assert.Equal([CommentOutcome.Created, CommentOutcome.Updated, CommentOutcome.Unchanged], new[] { first.Outcome, second.Outcome, third.Outcome });
        Assert.Single(_github.Simulator.Exchanges, e => e.Operation == "issues/update-comment");
    }

    [Fact]
    public async Task Each_app_and_environment_keeps_its_own_comment()
    {
        await Comments().UpsertAsync(Pr, "shop", "staging", "a", CancellationToken.None);
        await Comments().UpsertAsync(Pr, "shop", "production", "b", CancellationToken.None);
        await Comments().UpsertAsync(Pr, "billing", "production", "c", CancellationToken.None);
        await Comments().UpsertAsync(Pr, "shop", "production", "b2", CancellationToken.None);

        Assert.Equal(["<!-- deployer:plan:shop:staging -->\na", "<!-- deployer:plan:shop:production -->\nb2", "<!-- deployer:plan:billing:production -->\nc"],
            Posted.Select(c => c.Body));
    }

    [Fact]
    public async Task Someone_quoting_the_plan_does_not_make_their_comment_ours()
    {
        var octokit = _github.Octokit();
        await octokit.Issue.Comment.Create("acme", "shop", Pr, "> <!-- deployer:plan:shop:production -->\n> why does it restart the worker?");

        await Comments().UpsertAsync(Pr, "shop", "production", "plan", CancellationToken.None);

        Assert.Equal(2, Posted.Count);
        Assert.StartsWith("> ", Posted[0].Body);
    }

    [Fact]
    public async Task Its_comment_is_found_after_a_long_discussion()
    {
        var mine = await Comments().UpsertAsync(Pr, "shop", "production", "plan", CancellationToken.None);
        var octokit = _github.Octokit();
        for (var i = 0; i < 45; i++) await octokit.Issue.Comment.Create("acme", "shop", Pr, $"review comment {i}");

        var again = await Comments().UpsertAsync(Pr, "shop", "production", "plan v2", CancellationToken.None);

        Assert.Equal((mine.Id, CommentOutcome.Updated), (again.Id, again.Outcome));
        Assert.Equal(46, Posted.Count);
        Assert.True(_github.Simulator.Exchanges.Count(e => e.Operation == "issues/list-comments") >= 3, "the comments were read page by page");
    }

    [Fact]
    public async Task A_plan_longer_than_GitHub_takes_is_cut_with_a_note()
    {
        await Comments().UpsertAsync(Pr, "shop", "production", new string('x', 70_000), CancellationToken.None);

        var body = Assert.Single(Posted).Body;
        Assert.Equal(65536, body.Length);
        Assert.EndsWith("… the plan is cut here: GitHub takes 65536 characters. The job summary has all of it.", body);
    }

    [Fact]
    public async Task A_pull_request_that_does_not_exist_is_a_clear_error()
    {
        var failure = await Assert.ThrowsAsync<GitHubApiException>(() => Comments().UpsertAsync(404, "shop", "production", "plan", CancellationToken.None));

        Assert.StartsWith("GitHub answered 404 Not Found while reading the comments on pull request #404 in acme/shop", failure.Message);
    }

    [Theory]
    [InlineData("refs/pull/12/merge", 12)]
    [InlineData("refs/heads/main", null)]
    [InlineData(null, null)]
    public void The_pull_request_comes_from_GITHUB_REF(string? reference, int? expected)
    {
        var environment = reference is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["GITHUB_REF"] = reference };

        Assert.Equal(expected, PullRequestComment.NumberFrom(environment));
    }

    [Fact]
    public void A_name_cannot_close_the_marker_early() =>
        Assert.Equal("<!-- deployer:plan:a-b:prod -->", PullRequestComment.Marker("a--->b", "prod\n"));
}
