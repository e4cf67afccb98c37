using System.Text.Json.Nodes;
using Deployer.Simulators.GitHub.Protocol;
using Deployer.Simulators.GitHub.Rendering;
using Deployer.Simulators.GitHub.State;

namespace Deployer.Simulators.GitHub.Operations;

/// <summary>
/// Git references (https://docs.github.com/rest/git/refs). Creating a ref is atomic: of two creations of one name exactly
/// one succeeds and the other is 422 "Reference already exists". An update without <c>force</c> must be a fast forward
/// (the ref's commit an ancestor of the new one), which makes it a compare-and-swap.
/// </summary>
internal static class GitRefOperations
{
    public const string Docs = "https://docs.github.com/rest/git/refs";

    public static Answer Create(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var name = request.Body.RequiredStr("ref");
        var sha = request.Body.RequiredStr("sha").ToLowerInvariant();
        // GitHub wants a fully qualified name with at least two slashes.
        if (!name.StartsWith("refs/", StringComparison.Ordinal) || name.Count(c => c == '/') < 2 || !Valid(name))
            throw GitHubError.Unprocessable($"{name} is not a valid ref name.", request.DocumentationUrl);
        if (!repository.Objects.ContainsKey(sha)) throw GitHubError.Unprocessable("Object does not exist", request.DocumentationUrl);
        if (!repository.Refs.TryAdd(name, sha)) throw GitHubError.Unprocessable("Reference already exists", request.DocumentationUrl);
        return Answer.Created(GitJson.Ref(state, repository, name, repository.Objects[sha]));
    }

    /// <summary>GET /git/ref/{ref}: the one ref, or 404.</summary>
    public static Answer Get(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var name = "refs/" + request.Route("ref");
        return repository.Refs.TryGetValue(name, out var sha)
            ? Answer.Ok(GitJson.Ref(state, repository, name, repository.Objects[sha]))
            : throw GitHubError.NotFound(request.DocumentationUrl);
    }

    /// <summary>GET /git/refs/{ref} (the older form Octokit uses): the exact ref, else every ref under it as a list, else 404.</summary>
    public static Answer GetOrList(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var name = "refs/" + request.Route("ref");
        if (repository.Refs.TryGetValue(name, out var exact)) return Answer.Ok(GitJson.Ref(state, repository, name, repository.Objects[exact]));
        var under = repository.Refs.Where(r => r.Key.StartsWith(name.TrimEnd('/') + "/", StringComparison.Ordinal)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (under.Count == 0) throw GitHubError.NotFound(request.DocumentationUrl);
        return Answer.Ok(new JsonArray(under.Select(r => (JsonNode?)GitJson.Ref(state, repository, r.Key, repository.Objects[r.Value])).ToArray()));
    }

    public static Answer Update(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var name = "refs/" + request.Route("ref");
        var sha = request.Body.RequiredStr("sha").ToLowerInvariant();
        var force = request.Body.Bool("force") ?? false;
        if (!repository.Refs.TryGetValue(name, out var current)) throw GitHubError.Unprocessable("Reference does not exist", request.DocumentationUrl);
        if (!repository.Objects.ContainsKey(sha)) throw GitHubError.Unprocessable("Object does not exist", request.DocumentationUrl);
        if (!force && !IsAncestor(repository, current, sha)) throw GitHubError.Unprocessable("Update is not a fast forward", request.DocumentationUrl);
        repository.Refs[name] = sha;
        return Answer.Ok(GitJson.Ref(state, repository, name, repository.Objects[sha]));
    }

    public static Answer Delete(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        if (!repository.Refs.Remove("refs/" + request.Route("ref"))) throw GitHubError.Unprocessable("Reference does not exist", request.DocumentationUrl);
        return Answer.NoContent();
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="descendant"/> or reachable through its parents.</summary>
    private static bool IsAncestor(RepositoryRecord repository, string ancestor, string descendant)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([descendant]);
        while (pending.TryPop(out var sha))
        {
            if (sha == ancestor) return true;
            if (seen.Add(sha) && repository.Objects.GetValueOrDefault(sha) is GitCommit commit)
                foreach (var parent in commit.Parents) pending.Push(parent);
        }
        return false;
    }

    /// <summary>git check-ref-format's rules, the ones a name built from user input could break.</summary>
    private static bool Valid(string name) =>
        !name.EndsWith('/') && !name.EndsWith(".lock", StringComparison.Ordinal) && !name.EndsWith('.') && !name.Contains("..", StringComparison.Ordinal)
        && !name.Contains("//", StringComparison.Ordinal) && !name.Contains("@{", StringComparison.Ordinal) && !name.Split('/').Any(part => part.StartsWith('.'))
        && !name.Any(c => c < 0x20 || c == 0x7f || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\');
}
