using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deployer.Simulators.GitHub.Protocol;
using Deployer.Simulators.GitHub.Rendering;
using Deployer.Simulators.GitHub.State;

namespace Deployer.Simulators.GitHub.Operations;

/// <summary>
/// Git blobs, trees and commits (https://docs.github.com/rest/git): objects are stored by git's own sha, and every
/// reference to another object (a tree entry, a commit's tree and parents) must name one the repository holds.
/// </summary>
internal static partial class GitDataOperations
{
    public const string Docs = "https://docs.github.com/rest/git";

    public static Answer CreateBlob(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var content = request.Body.RequiredStr("content");
        var bytes = (request.Body.Str("encoding") ?? "utf-8") switch
        {
            "utf-8" or "utf8" => Encoding.UTF8.GetBytes(content),
            "base64" => Base64(content, request.DocumentationUrl),
            var other => throw GitHubError.InvalidRequest($"For 'properties/encoding', \"{other}\" is not one of [\"utf-8\", \"base64\"].", request.DocumentationUrl),
        };
        var blob = Store(repository, GitBlob.Of(bytes));
        return Answer.Created(new JsonObject { ["url"] = GitJson.ObjectUrl(state, repository, blob), ["sha"] = blob.Sha });
    }

    public static Answer CreateTree(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var entries = new Dictionary<string, GitTreeEntry>(StringComparer.Ordinal);
        if (request.Body.Str("base_tree") is { } baseSha)
            foreach (var entry in Get<GitTree>(repository, baseSha, request.DocumentationUrl, "base_tree").Entries) entries[entry.Path] = entry;
        if (request.Body.Raw("tree") is not JsonArray items)
            throw GitHubError.InvalidRequest("\"tree\" wasn't supplied.", request.DocumentationUrl);
        foreach (var item in items)
        {
            if (item is not JsonObject json) throw GitHubError.InvalidRequest($"For 'items', {item?.ToJsonString() ?? "nil"} is not an object.", request.DocumentationUrl);
            var entry = new Body(json, request.DocumentationUrl);
            var path = entry.RequiredStr("path");
            var mode = entry.RequiredStr("mode");
            var type = entry.Str("type") ?? (mode == "040000" ? "tree" : mode == "160000" ? "commit" : "blob");
            if (mode is not ("100644" or "100755" or "040000" or "160000" or "120000") || path.Length == 0 || path.StartsWith('/') || path.Contains("//", StringComparison.Ordinal))
                throw GitHubError.Unprocessable("GitRPC::BadObjectState", request.DocumentationUrl);
            if (path.Contains('/', StringComparison.Ordinal))
                throw GitHubError.Unprocessable("Nested paths are not supported by this simulator; create the inner tree first.", request.DocumentationUrl);
            string sha;
            long? size = null;
            if (entry.Str("content") is { } content)
            {
                var blob = Store(repository, GitBlob.Of(Encoding.UTF8.GetBytes(content)));
                (sha, size) = (blob.Sha, blob.Content.Length);
            }
            else if (json["sha"] is null || json["sha"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Null)
            {
                // sha: null deletes the path from base_tree.
                entries.Remove(path);
                continue;
            }
            else
            {
                sha = entry.RequiredStr("sha");
                var target = repository.Objects.GetValueOrDefault(sha);
                if (type != "commit" && (target is null || target.Type != type))
                    throw GitHubError.Unprocessable($"tree.sha {sha} is not a valid {type}", request.DocumentationUrl);
                size = target is GitBlob b ? b.Content.Length : null;
            }
            entries[path] = new GitTreeEntry(path, mode, type, sha, size);
        }
        var tree = Store(repository, GitTree.Of(entries.Values));
        return Answer.Created(GitJson.Tree(state, repository, tree));
    }

    public static Answer CreateCommit(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var body = request.Body;
        var message = body.RequiredStr("message");
        var treeSha = body.RequiredStr("tree");
        if (repository.Objects.GetValueOrDefault(treeSha) is not GitTree)
            throw GitHubError.Unprocessable("Tree SHA does not exist", request.DocumentationUrl);
        var parents = body.Strings("parents") ?? [];
        foreach (var parent in parents)
            if (repository.Objects.GetValueOrDefault(parent) is not GitCommit)
                throw GitHubError.Unprocessable("Parent SHA does not exist or is not a commit object", request.DocumentationUrl);
        var now = new DateTimeOffset(state.Now.UtcDateTime.Ticks - state.Now.UtcDateTime.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var login = state.Options.Login;
        var token = new GitSignature(login, $"41898282+{login}@users.noreply.github.com", now);
        var author = Signature(body.Raw("author"), token, request.DocumentationUrl);
        var committer = Signature(body.Raw("committer"), author, request.DocumentationUrl);
        var commit = Store(repository, GitCommit.Of(treeSha, parents, message, author, committer));
        return Answer.Created(GitJson.Commit(state, repository, commit));
    }

    public static Answer GetCommit(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        return Answer.Ok(GitJson.Commit(state, repository, Get<GitCommit>(repository, request.Route("sha"), request.DocumentationUrl, null)));
    }

    public static Answer GetTree(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        return Answer.Ok(GitJson.Tree(state, repository, Get<GitTree>(repository, request.Route("sha"), request.DocumentationUrl, null)));
    }

    public static Answer GetBlob(GitHubState state, GitHubRequest request)
    {
        var repository = state.Repository(request.Route("owner"), request.Route("repo"), request.DocumentationUrl);
        var blob = Get<GitBlob>(repository, request.Route("sha"), request.DocumentationUrl, null);
        return Answer.Ok(new JsonObject
        {
            ["sha"] = blob.Sha,
            ["node_id"] = GitJson.NodeId("B", blob.Sha),
            ["size"] = blob.Content.Length,
            ["url"] = GitJson.ObjectUrl(state, repository, blob),
            // GitHub wraps base64 at 60 characters.
            ["content"] = string.Join("\n", Convert.ToBase64String(blob.Content).Chunk(60).Select(c => new string(c))) + "\n",
            ["encoding"] = "base64",
        });
    }

    private static T Store<T>(RepositoryRecord repository, T created) where T : GitObject
    {
        repository.Objects.TryAdd(created.Sha, created);
        return (T)repository.Objects[created.Sha];
    }

    /// <summary>An object read by its sha: 404 when the path names it, 422 when a body member does.</summary>
    private static T Get<T>(RepositoryRecord repository, string sha, string documentationUrl, string? member) where T : GitObject =>
        repository.Objects.GetValueOrDefault(sha.ToLowerInvariant()) as T
        ?? throw (member is null ? GitHubError.NotFound(documentationUrl) : GitHubError.Unprocessable($"{member} {sha} is not a valid {typeof(T).Name[3..].ToLowerInvariant()}", documentationUrl));

    private static GitSignature Signature(JsonNode? node, GitSignature fallback, string documentationUrl)
    {
        if (node is null) return fallback;
        if (node is not JsonObject json) throw GitHubError.InvalidRequest($"For 'properties/author', {node.ToJsonString()} is not an object.", documentationUrl);
        var body = new Body(json, documentationUrl);
        var date = body.Str("date") is { } text
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : fallback.Date;
        return new GitSignature(body.RequiredStr("name"), body.RequiredStr("email"), date);
    }

    private static byte[] Base64(string content, string documentationUrl)
    {
        try
        {
            return Convert.FromBase64String(WhiteSpace().Replace(content, ""));
        }
        catch (FormatException)
        {
            throw GitHubError.Unprocessable("Invalid base64 content", documentationUrl);
        }
    }

    [GeneratedRegex(@"\s")]
    private static partial Regex WhiteSpace();
}
