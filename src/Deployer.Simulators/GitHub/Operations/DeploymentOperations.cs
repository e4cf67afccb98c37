using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployer.Simulators.GitHub.Protocol;
using Deployer.Simulators.GitHub.Rendering;
using Deployer.Simulators.GitHub.State;

namespace Deployer.Simulators.GitHub.Operations;

/// <summary>Create, list and get deployments (https://docs.github.com/rest/deployments/deployments).</summary>
internal static partial class DeploymentOperations
{
    public const string Docs = "https://docs.github.com/rest/deployments/deployments";

    public static Answer Create(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var body = request.Body;
        var reference = body.RequiredStr("ref");
        var task = body.Str("task") ?? "deploy";
        var environment = body.Str("environment") ?? "production";
        var description = body.Str("description");
        body.Bool("auto_merge");
        body.Strings("required_contexts");
        var transient = body.Bool("transient_environment") ?? false;
        var production = body.Bool("production_environment") ?? environment == "production";
        var payload = body.Raw("payload") switch
        {
            null => new JsonObject(),
            JsonObject or JsonValue => body.Raw("payload")!.DeepClone(),
            var other => throw GitHubError.InvalidRequest($"For 'properties/payload', {other.ToJsonString()} is not an object or a string.", request.DocumentationUrl),
        };

        var sha = Resolve(repository, reference) ?? throw GitHubError.Unprocessable($"No ref found for: {reference}", request.DocumentationUrl);
        var now = state.Now;
        var deployment = new DeploymentRecord
        {
            Id = state.NextId(),
            Repository = repository,
            Sha = sha,
            Ref = reference,
            Task = task,
            Payload = payload,
            OriginalEnvironment = environment,
            Environment = environment,
            Description = description,
            TransientEnvironment = transient,
            ProductionEnvironment = production,
            CreatedAt = now,
            UpdatedAt = now,
        };
        state.Deployments.Add(deployment);
        return Answer.Created(GitHubJson.Deployment(state, deployment));
    }

    /// <summary>Newest first; sha, ref, task and environment filter exactly.</summary>
    public static Answer List(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var matching = state.Deployments
            .Where(d => d.Repository == repository)
            .Where(d => Matches(request.Query("sha"), d.Sha) && Matches(request.Query("ref"), d.Ref)
                        && Matches(request.Query("task"), d.Task) && Matches(request.Query("environment"), d.Environment))
            .OrderByDescending(d => d.Id)
            .ToList();
        var (page, link) = Pagination.Page(matching, request.Http);
        return new Answer(200, new JsonArray(page.Select(d => (JsonNode?)GitHubJson.Deployment(state, d)).ToArray()), link);
    }

    public static Answer Get(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        return Answer.Ok(GitHubJson.Deployment(state, state.Deployment(repository, request.Route("id"), request.DocumentationUrl)));
    }

    /// <summary>A full commit sha stands for itself (the simulator holds no commits); a branch resolves to its head.</summary>
    private static string? Resolve(RepositoryRecord repository, string reference)
    {
        if (FullSha().IsMatch(reference)) return reference.ToLowerInvariant();
        var branch = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;
        return repository.Branches.GetValueOrDefault(branch);
    }

    private static bool Matches(string? filter, string value) => string.IsNullOrEmpty(filter) || filter == value;

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex FullSha();
}
