using System.Text.Json.Nodes;
using Deployer.Simulators.GitHub.Protocol;
using Deployer.Simulators.GitHub.Rendering;
using Deployer.Simulators.GitHub.State;

namespace Deployer.Simulators.GitHub.Operations;

/// <summary>Create, list and get deployment statuses (https://docs.github.com/rest/deployments/statuses).</summary>
internal static class DeploymentStatusOperations
{
    public const string Docs = "https://docs.github.com/rest/deployments/statuses";
    private static readonly string[] States = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"];

    /// <summary>
    /// Adds a status. With <c>auto_inactive</c> (the default) a success marks every earlier deployment of the same
    /// repository and environment whose latest state is success inactive, by adding an inactive status to it.
    /// </summary>
    public static Answer Create(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var deployment = state.Deployment(repository, request.Route("id"), request.DocumentationUrl);
        var body = request.Body;
        var value = body.RequiredStr("state");
        if (!States.Contains(value))
            throw GitHubError.InvalidRequest($"For 'properties/state', \"{value}\" is not one of {string.Join(", ", States)}.", request.DocumentationUrl);
        var description = body.Str("description");
        if (description is { Length: > 140 })
            throw GitHubError.ValidationFailed("DeploymentStatus", "description", "description is too long (maximum is 140 characters)", request.DocumentationUrl);
        var logUrl = NonEmpty(body.Str("log_url")) ?? NonEmpty(body.Str("target_url"));
        var environmentUrl = NonEmpty(body.Str("environment_url"));
        var autoInactive = body.Bool("auto_inactive") ?? true;
        if (NonEmpty(body.Str("environment")) is { } environment) deployment.Environment = environment;

        var now = state.Now;
        var status = new DeploymentStatusRecord(state.NextId(), deployment, value, description, deployment.Environment, logUrl, environmentUrl, now);
        deployment.Statuses.Add(status);
        deployment.UpdatedAt = now;

        if (value == "success" && autoInactive)
        {
            var earlier = state.Deployments.Where(d => d.Repository == repository && d.Id < deployment.Id
                                                       && d.Environment == deployment.Environment && d.LatestState == "success");
            foreach (var previous in earlier)
            {
                previous.Statuses.Add(new DeploymentStatusRecord(state.NextId(), previous, "inactive", null, previous.Environment, null, null, now));
                previous.UpdatedAt = now;
            }
        }
        return Answer.Created(GitHubJson.Status(state, status));
    }

    /// <summary>Newest first.</summary>
    public static Answer List(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var deployment = state.Deployment(repository, request.Route("id"), request.DocumentationUrl);
        var newestFirst = Enumerable.Reverse(deployment.Statuses).ToList();
        var (page, link) = Pagination.Page(newestFirst, request.Http);
        return new Answer(200, new JsonArray(page.Select(s => (JsonNode?)GitHubJson.Status(state, s)).ToArray()), link);
    }

    public static Answer Get(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var deployment = state.Deployment(repository, request.Route("id"), request.DocumentationUrl);
        var status = long.TryParse(request.Route("statusId"), out var id) ? deployment.Statuses.FirstOrDefault(s => s.Id == id) : null;
        return Answer.Ok(GitHubJson.Status(state, status ?? throw GitHubError.NotFound(request.DocumentationUrl)));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
