using System.Text.Json.Nodes;
using Deployer.Simulators.GitHub.Protocol;
using Deployer.Simulators.GitHub.Rendering;
using Deployer.Simulators.GitHub.State;

namespace Deployer.Simulators.GitHub.Operations;

/// <summary>Comments on pull requests through the issues API (https://docs.github.com/rest/issues/comments).</summary>
internal static class IssueCommentOperations
{
    public const string Docs = "https://docs.github.com/rest/issues/comments";
    private const int MaxBody = 65536;

    public static Answer Create(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var issue = Issue(repository, request);
        var body = Text(request);
        var now = state.Now;
        var comment = new CommentRecord { Id = state.NextId(), Repository = repository, Issue = issue, Body = body, CreatedAt = now, UpdatedAt = now };
        state.Comments.Add(comment);
        return Answer.Created(GitHubJson.Comment(state, comment));
    }

    /// <summary>Oldest first.</summary>
    public static Answer List(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var issue = Issue(repository, request);
        var comments = state.Comments.Where(c => c.Repository == repository && c.Issue == issue).OrderBy(c => c.Id).ToList();
        var (page, link) = Pagination.Page(comments, request.Http);
        return new Answer(200, new JsonArray(page.Select(c => (JsonNode?)GitHubJson.Comment(state, c)).ToArray()), link);
    }

    public static Answer Get(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        return Answer.Ok(GitHubJson.Comment(state, state.Comment(repository, request.Route("id"), request.DocumentationUrl)));
    }

    public static Answer Update(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var comment = state.Comment(repository, request.Route("id"), request.DocumentationUrl);
        comment.Body = Text(request);
        comment.UpdatedAt = state.Now;
        return Answer.Ok(GitHubJson.Comment(state, comment));
    }

    private static int Issue(RepositoryRecord repository, GitHubRequest request) =>
        int.TryParse(request.Route("number"), out var number) && repository.PullRequests.Contains(number)
            ? number
            : throw GitHubError.NotFound(request.DocumentationUrl);

    private static string Text(GitHubRequest request)
    {
        var body = request.Body.RequiredStr("body");
        if (body.Length > MaxBody)
            throw GitHubError.ValidationFailed("IssueComment", "body", $"body is too long (maximum is {MaxBody} characters)", request.DocumentationUrl);
        return body;
    }
}
