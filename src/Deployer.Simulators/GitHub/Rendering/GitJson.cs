using System.Text.Json.Nodes;
using Deployer.Simulators.GitHub.State;

namespace Deployer.Simulators.GitHub.Rendering;

/// <summary>GitHub's shapes for git objects and refs (https://docs.github.com/rest/git).</summary>
internal static class GitJson
{
    public static string ObjectUrl(GitHubState state, RepositoryRecord repository, GitObject o) =>
        GitHubJson.Api(state, $"repos/{repository.FullName}/git/{o.Type}s/{o.Sha}");

    public static string NodeId(string prefix, string sha) => prefix + "_kwDO" + sha[..16];

    public static JsonObject Tree(GitHubState state, RepositoryRecord repository, GitTree tree) => new()
    {
        ["sha"] = tree.Sha,
        ["url"] = ObjectUrl(state, repository, tree),
        ["tree"] = new JsonArray(tree.Entries.Select(e =>
        {
            var entry = new JsonObject { ["path"] = e.Path, ["mode"] = e.Mode, ["type"] = e.Type, ["sha"] = e.Sha };
            if (e.Size is { } size) entry["size"] = size;
            if (e.Type != "commit") entry["url"] = GitHubJson.Api(state, $"repos/{repository.FullName}/git/{e.Type}s/{e.Sha}");
            return (JsonNode?)entry;
        }).ToArray()),
        ["truncated"] = false,
    };

    public static JsonObject Commit(GitHubState state, RepositoryRecord repository, GitCommit commit) => new()
    {
        ["sha"] = commit.Sha,
        ["node_id"] = NodeId("C", commit.Sha),
        ["url"] = ObjectUrl(state, repository, commit),
        ["html_url"] = $"https://github.com/{repository.FullName}/commit/{commit.Sha}",
        ["author"] = Signature(commit.Author),
        ["committer"] = Signature(commit.Committer),
        ["tree"] = new JsonObject { ["sha"] = commit.Tree, ["url"] = GitHubJson.Api(state, $"repos/{repository.FullName}/git/trees/{commit.Tree}") },
        ["message"] = commit.Message,
        ["parents"] = new JsonArray(commit.Parents.Select(p => (JsonNode?)new JsonObject
        {
            ["sha"] = p,
            ["url"] = GitHubJson.Api(state, $"repos/{repository.FullName}/git/commits/{p}"),
            ["html_url"] = $"https://github.com/{repository.FullName}/commit/{p}",
        }).ToArray()),
        ["verification"] = new JsonObject { ["verified"] = false, ["reason"] = "unsigned", ["signature"] = null, ["payload"] = null, ["verified_at"] = null },
    };

    public static JsonObject Ref(GitHubState state, RepositoryRecord repository, string name, GitObject target) => new()
    {
        ["ref"] = name,
        ["node_id"] = NodeId("REF", Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(name + "0000000000000000"))),
        ["url"] = GitHubJson.Api(state, $"repos/{repository.FullName}/git/{name}"),
        ["object"] = new JsonObject { ["type"] = target.Type, ["sha"] = target.Sha, ["url"] = ObjectUrl(state, repository, target) },
    };

    private static JsonObject Signature(GitSignature s) => new() { ["name"] = s.Name, ["email"] = s.Email, ["date"] = GitHubJson.Time(s.Date) };
}
