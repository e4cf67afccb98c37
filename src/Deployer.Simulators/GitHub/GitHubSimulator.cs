using Deployer.Simulators.GitHub.Operations;
using Deployer.Simulators.GitHub.Protocol;
using Deployer.Simulators.GitHub.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.GitHub;

/// <summary>
/// A stateful GitHub REST API on 127.0.0.1 for the calls Deployer makes: deployments and their statuses (with
/// auto_inactive), pull request comments and the git data API (blobs, trees, commits, refs), paged with Link headers, behind token authentication. Point a client's
/// base address (GITHUB_API_URL) at <see cref="Endpoint"/>; inject rate limits and server errors with <see cref="Faults"/>.
/// </summary>
public sealed class GitHubSimulator : IAsyncDisposable
{
    private readonly LoopbackHost _host;
    private readonly GitHubState _state;
    private readonly GitHubRequestHandler _handler;

    private GitHubSimulator(LoopbackHost host, GitHubState state, GitHubRequestHandler handler)
    {
        _host = host;
        _state = state;
        _handler = handler;
    }

    /// <summary>The API's base address, e.g. http://127.0.0.1:41234/ (what GITHUB_API_URL is on github.com).</summary>
    public Uri Endpoint => _state.ApiBase;

    public GitHubSimulatorOptions Options => _state.Options;

    /// <summary>Faults to inject; settable at any time.</summary>
    public GitHubFaults Faults => _state.Faults;

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<GitHubExchange> Exchanges => _handler.Exchanges;

    /// <summary>Adds a repository (<c>owner/name</c>); existing ones are left as they are.</summary>
    public void CreateRepository(string fullName)
    {
        lock (_state.Gate) _state.AddRepository(fullName);
    }

    /// <summary>Points a branch at a commit, so a deployment's ref may name it.</summary>
    public void SetBranch(string repository, string branch, string sha)
    {
        lock (_state.Gate) _state.AddRepository(repository).Branches[branch] = sha;
    }

    /// <summary>Opens pull request <paramref name="number"/>, so comments can be posted on it.</summary>
    public void OpenPullRequest(string repository, int number)
    {
        lock (_state.Gate) _state.AddRepository(repository).PullRequests.Add(number);
    }

    /// <summary>The repository's deployments, oldest first, each with its statuses oldest first.</summary>
    public IReadOnlyList<SimulatedDeployment> Deployments(string repository)
    {
        lock (_state.Gate)
            return _state.Deployments.Where(d => d.Repository.FullName.Equals(repository, StringComparison.OrdinalIgnoreCase))
                .Select(d => new SimulatedDeployment(d.Id, d.Sha, d.Ref, d.Task, d.Environment, d.Payload.ToJsonString(), d.ProductionEnvironment,
                    d.Statuses.Select(s => new SimulatedDeploymentStatus(s.Id, s.State, s.Description, s.LogUrl, s.EnvironmentUrl)).ToList()))
                .ToList();
    }

    /// <summary>The commit a ref (<c>refs/…</c>) points at, and that commit's message; null when there is no such ref.</summary>
    public (string Sha, string Message)? Ref(string repository, string name)
    {
        lock (_state.Gate)
            return _state.AddRepository(repository).Refs.TryGetValue(name, out var sha) && _state.Repositories[repository].Objects[sha] is GitCommit commit
                ? (sha, commit.Message)
                : null;
    }

    /// <summary>The comments on a pull request, oldest first, as (id, body).</summary>
    public IReadOnlyList<(long Id, string Body)> Comments(string repository, int pullRequest)
    {
        lock (_state.Gate)
            return _state.Comments.Where(c => c.Repository.FullName.Equals(repository, StringComparison.OrdinalIgnoreCase) && c.Issue == pullRequest)
                .Select(c => (c.Id, c.Body)).ToList();
    }

    /// <summary>Starts a simulator on a free loopback port.</summary>
    public static async Task<GitHubSimulator> StartAsync(GitHubSimulatorOptions? options = null)
    {
        options ??= GitHubSimulatorOptions.Default;
        var state = new GitHubState(options, new GitHubFaults());
        foreach (var repository in options.Repositories) state.AddRepository(repository);
        var handler = new GitHubRequestHandler(state);

        var host = await LoopbackHost.StartAsync(app => Map(app, handler));
        state.ApiBase = host.Endpoint;
        return new GitHubSimulator(host, state, handler);
    }

    private static void Map(WebApplication app, GitHubRequestHandler handler)
    {
        const string repo = "/repos/{owner}/{repo}";
        void Route(string method, string pattern, string operation, string docs, Func<GitHubState, GitHubRequest, Answer> run) =>
            app.MapMethods(repo + pattern, [method], (HttpContext context) => handler.HandleAsync(context, operation, docs, run));

        Route("POST", "/deployments", "repos/create-deployment", DeploymentOperations.Docs + "#create-a-deployment", DeploymentOperations.Create);
        Route("GET", "/deployments", "repos/list-deployments", DeploymentOperations.Docs + "#list-deployments", DeploymentOperations.List);
        Route("GET", "/deployments/{id}", "repos/get-deployment", DeploymentOperations.Docs + "#get-a-deployment", DeploymentOperations.Get);
        Route("POST", "/deployments/{id}/statuses", "repos/create-deployment-status", DeploymentStatusOperations.Docs + "#create-a-deployment-status", DeploymentStatusOperations.Create);
        Route("GET", "/deployments/{id}/statuses", "repos/list-deployment-statuses", DeploymentStatusOperations.Docs + "#list-deployment-statuses", DeploymentStatusOperations.List);
        Route("GET", "/deployments/{id}/statuses/{statusId}", "repos/get-deployment-status", DeploymentStatusOperations.Docs + "#get-a-deployment-status", DeploymentStatusOperations.Get);
        Route("POST", "/issues/{number}/comments", "issues/create-comment", IssueCommentOperations.Docs + "#create-an-issue-comment", IssueCommentOperations.Create);
        Route("GET", "/issues/{number}/comments", "issues/list-comments", IssueCommentOperations.Docs + "#list-issue-comments", IssueCommentOperations.List);
        Route("GET", "/issues/comments/{id}", "issues/get-comment", IssueCommentOperations.Docs + "#get-an-issue-comment", IssueCommentOperations.Get);
        Route("PATCH", "/issues/comments/{id}", "issues/update-comment", IssueCommentOperations.Docs + "#update-an-issue-comment", IssueCommentOperations.Update);
        Route("POST", "/git/blobs", "git/create-blob", GitDataOperations.Docs + "/blobs#create-a-blob", GitDataOperations.CreateBlob);
        Route("GET", "/git/blobs/{sha}", "git/get-blob", GitDataOperations.Docs + "/blobs#get-a-blob", GitDataOperations.GetBlob);
        Route("POST", "/git/trees", "git/create-tree", GitDataOperations.Docs + "/trees#create-a-tree", GitDataOperations.CreateTree);
        Route("GET", "/git/trees/{sha}", "git/get-tree", GitDataOperations.Docs + "/trees#get-a-tree", GitDataOperations.GetTree);
        Route("POST", "/git/commits", "git/create-commit", GitDataOperations.Docs + "/commits#create-a-commit", GitDataOperations.CreateCommit);
        Route("GET", "/git/commits/{sha}", "git/get-commit", GitDataOperations.Docs + "/commits#get-a-commit-object", GitDataOperations.GetCommit);
        Route("POST", "/git/refs", "git/create-ref", GitRefOperations.Docs + "#create-a-reference", GitRefOperations.Create);
        Route("GET", "/git/ref/{**ref}", "git/get-ref", GitRefOperations.Docs + "#get-a-reference", GitRefOperations.Get);
        Route("GET", "/git/refs/{**ref}", "git/get-ref", GitRefOperations.Docs + "#get-a-reference", GitRefOperations.GetOrList);
        Route("PATCH", "/git/refs/{**ref}", "git/update-ref", GitRefOperations.Docs + "#update-a-reference", GitRefOperations.Update);
        Route("DELETE", "/git/refs/{**ref}", "git/delete-ref", GitRefOperations.Docs + "#delete-a-reference", GitRefOperations.Delete);
        app.MapFallback(handler.NotFoundAsync);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>A deployment as the simulator holds it, for assertions.</summary>
/// <param name="PayloadJson">The payload exactly as stored.</param>
public sealed record SimulatedDeployment(long Id, string Sha, string Ref, string Task, string Environment, string PayloadJson, bool ProductionEnvironment,
    IReadOnlyList<SimulatedDeploymentStatus> Statuses)
{
    public string? LatestState => Statuses.Count == 0 ? null : Statuses[^1].State;
}

/// <summary>One status of a <see cref="SimulatedDeployment"/>.</summary>
public sealed record SimulatedDeploymentStatus(long Id, string State, string? Description, string? LogUrl, string? EnvironmentUrl);
