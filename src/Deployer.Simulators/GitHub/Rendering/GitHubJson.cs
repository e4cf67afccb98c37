using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Deployer.Simulators.GitHub.State;

namespace Deployer.Simulators.GitHub.Rendering;

/// <summary>GitHub's REST shapes (API version 2022-11-28) for the objects the simulator holds.</summary>
internal static class GitHubJson
{
    private const string Web = "https://github.com/";

    /// <summary>GitHub's timestamps: ISO 8601, UTC, whole seconds.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Deployment(GitHubState state, DeploymentRecord d)
    {
        var url = Api(state, $"repos/{d.Repository.FullName}/deployments/{d.Id}");
        return new JsonObject
        {
            ["url"] = url,
            ["id"] = d.Id,
            ["node_id"] = NodeId("DE", d.Id),
            ["task"] = d.Task,
            ["original_environment"] = d.OriginalEnvironment,
            ["environment"] = d.Environment,
            ["description"] = d.Description,
            ["created_at"] = Time(d.CreatedAt),
            ["updated_at"] = Time(d.UpdatedAt),
            ["statuses_url"] = url + "/statuses",
            ["repository_url"] = Api(state, $"repos/{d.Repository.FullName}"),
            ["creator"] = User(state),
            ["sha"] = d.Sha,
            ["ref"] = d.Ref,
            ["payload"] = d.Payload.DeepClone(),
            ["transient_environment"] = d.TransientEnvironment,
            ["production_environment"] = d.ProductionEnvironment,
            ["performed_via_github_app"] = null,
        };
    }

    public static JsonObject Status(GitHubState state, DeploymentStatusRecord s)
    {
        var deployment = Api(state, $"repos/{s.Deployment.Repository.FullName}/deployments/{s.Deployment.Id}");
        return new JsonObject
        {
            ["url"] = $"{deployment}/statuses/{s.Id}",
            ["id"] = s.Id,
            ["node_id"] = NodeId("DES", s.Id),
            ["state"] = s.State,
            ["creator"] = User(state),
            ["description"] = s.Description ?? "",
            ["environment"] = s.Environment,
            // target_url is the old name of log_url; GitHub answers both, "" when unset.
            ["target_url"] = s.LogUrl ?? "",
            ["created_at"] = Time(s.CreatedAt),
            ["updated_at"] = Time(s.CreatedAt),
            ["deployment_url"] = deployment,
            ["repository_url"] = Api(state, $"repos/{s.Deployment.Repository.FullName}"),
            ["environment_url"] = s.EnvironmentUrl ?? "",
            ["log_url"] = s.LogUrl ?? "",
            ["performed_via_github_app"] = null,
        };
    }

    public static JsonObject Comment(GitHubState state, CommentRecord c) => new()
    {
        ["url"] = Api(state, $"repos/{c.Repository.FullName}/issues/comments/{c.Id}"),
        ["html_url"] = $"{Web}{c.Repository.FullName}/pull/{c.Issue}#issuecomment-{c.Id}",
        ["issue_url"] = Api(state, $"repos/{c.Repository.FullName}/issues/{c.Issue}"),
        ["id"] = c.Id,
        ["node_id"] = NodeId("IC", c.Id),
        ["user"] = User(state),
        ["created_at"] = Time(c.CreatedAt),
        ["updated_at"] = Time(c.UpdatedAt),
        ["author_association"] = "NONE",
        ["body"] = c.Body,
        ["reactions"] = new JsonObject
        {
            ["url"] = Api(state, $"repos/{c.Repository.FullName}/issues/comments/{c.Id}/reactions"),
            ["total_count"] = 0, ["+1"] = 0, ["-1"] = 0, ["laugh"] = 0, ["hooray"] = 0, ["confused"] = 0, ["heart"] = 0, ["rocket"] = 0, ["eyes"] = 0,
        },
        ["performed_via_github_app"] = null,
    };

    /// <summary>The token's owner (Simple User).</summary>
    public static JsonObject User(GitHubState state)
    {
        var login = state.Options.Login;
        var bot = login.EndsWith("[bot]", StringComparison.Ordinal);
        var api = Api(state, "users/" + Uri.EscapeDataString(login));
        return new JsonObject
        {
            ["login"] = login,
            ["id"] = 41898282,
            ["node_id"] = NodeId("BOT", 41898282),
            ["avatar_url"] = "https://avatars.githubusercontent.com/in/15368?v=4",
            ["gravatar_id"] = "",
            ["url"] = api,
            ["html_url"] = bot ? Web + "apps/" + login[..^5] : Web + login,
            ["followers_url"] = api + "/followers",
            ["following_url"] = api + "/following{/other_user}",
            ["gists_url"] = api + "/gists{/gist_id}",
            ["starred_url"] = api + "/starred{/owner}{/repo}",
            ["subscriptions_url"] = api + "/subscriptions",
            ["organizations_url"] = api + "/orgs",
            ["repos_url"] = api + "/repos",
            ["events_url"] = api + "/events{/privacy}",
            ["received_events_url"] = api + "/received_events",
            ["type"] = bot ? "Bot" : "User",
            ["user_view_type"] = "public",
            ["site_admin"] = false,
        };
    }

    internal static string Api(GitHubState state, string path) => new Uri(state.ApiBase, path).ToString();

    internal static string NodeId(string prefix, long id) =>
        prefix + "_kwDO" + Convert.ToBase64String(Encoding.ASCII.GetBytes(id.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');
}
