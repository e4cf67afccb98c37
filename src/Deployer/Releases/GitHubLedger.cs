using System.Globalization;
using System.Text.Json.Nodes;
using Deployer.GitHub;
using Deployer.Secrets;
using Octokit;

namespace Deployer.Releases;

/// <summary>
/// The release ledger in GitHub Deployments: one deployment per recorded run, in the run's environment, whose ref is
/// the released commit and whose payload is the release (<see cref="ReleasePayload"/>); then statuses in_progress and
/// the outcome, with the environment URL and the log URL, as the repository's Environments page shows them.
/// </summary>
/// <remarks>
/// Deployments are created and listed over Octokit's raw connection: Octokit models a payload as string → string and
/// fails to read any deployment whose payload holds a number, list or object (ours, and other tools'). Statuses go
/// through Octokit's typed client. Everything sent is scrubbed of the run's secrets first: every reader of the repository
/// sees a deployment's payload and statuses.
/// </remarks>
public sealed class GitHubLedger(GitHubConnection github, int historyLimit = 50, SecretValues? secrets = null) : IReleaseLedger
{
    private const string Accept = "application/vnd.github+json";
    // At 100 a page, enough to pass over other tools' deployments (each Actions job with `environment:` makes one).
    private const int MaxPages = 10;

    public string Name => $"GitHub deployments of {github.Settings.Repository}";

    private string RepositoryPath => $"repos/{github.Settings.Owner}/{github.Settings.Name}/";

    public async Task<LedgerEntry> RecordAsync(Release release, ReleaseStatus status, string? logUrl, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["ref"] = release.GitSha,
            ["task"] = LedgerText.Task(release.Mode),
            // The commit already passed whatever the workflow required; GitHub must neither merge nor check statuses.
            ["auto_merge"] = false,
            ["required_contexts"] = new JsonArray(),
            ["payload"] = ReleasePayload.ToJson(release),
            ["environment"] = release.Environment,
            ["description"] = LedgerText.Description(release),
            ["transient_environment"] = false,
            ["production_environment"] = IsProduction(release.Environment),
        };
        var body = secrets is null ? request.ToJsonString() : secrets.Scrub(secrets.Redact(request)!.ToJsonString());
        var created = await github.CallAsync($"creating a deployment for {release.Environment}", async (c, token) =>
        {
            var response = await c.Connection.Post<object>(new Uri(RepositoryPath + "deployments", UriKind.Relative), body, Accept, "application/json", new Dictionary<string, string>(), token)
                .ConfigureAwait(false);
            return Body(response) as JsonObject ?? throw new InvalidDataException("GitHub answered the new deployment with something other than an object.");
        }, cancellationToken).ConfigureAwait(false);
        var id = created["id"]!.GetValue<long>();

        // in_progress first, so the environment's timeline shows the run; never auto_inactive, or a run that then fails
        // would have retired the live release.
        await SetStatusAsync(id, release, ReleaseStatus.InProgress, logUrl, cancellationToken).ConfigureAwait(false);
        if (status != ReleaseStatus.InProgress) await SetStatusAsync(id, release, status, logUrl, cancellationToken).ConfigureAwait(false);
        return new LedgerEntry(id.ToString(CultureInfo.InvariantCulture), release, status, Time(created["created_at"]), logUrl);
    }

    public async Task<IReadOnlyList<LedgerEntry>> HistoryAsync(string app, string environment, CancellationToken cancellationToken)
    {
        var ours = new List<(long Id, Release Release, DateTimeOffset CreatedAt)>();
        Uri? next = new(RepositoryPath + "deployments", UriKind.Relative);
        var query = new Dictionary<string, string> { ["environment"] = environment, ["per_page"] = "100" };
        for (var page = 0; next is not null && page < MaxPages && ours.Count < historyLimit; page++)
        {
            var (items, following) = await github.CallAsync($"listing the deployments of {environment}", async (c, token) =>
            {
                var response = await c.Connection.Get<object>(next, query, Accept, token).ConfigureAwait(false);
                response.HttpResponse.ApiInfo.Links.TryGetValue("next", out var link);
                return (Body(response) as JsonArray ?? [], link);
            }, cancellationToken).ConfigureAwait(false);
            foreach (var item in items.OfType<JsonObject>())
                if (ReleasePayload.Parse(item["payload"]) is { } release && release.App == app && ours.Count < historyLimit)
                    ours.Add((item["id"]!.GetValue<long>(), release, Time(item["created_at"])));
            // The next link carries the query already.
            next = following;
            query = [];
        }

        var entries = new List<LedgerEntry>(ours.Count);
        foreach (var (id, release, createdAt) in ours)
        {
            var latest = await github.CallAsync($"reading the status of deployment {id}", (c, _) =>
                c.Client.Repository.Deployment.Status.GetAll(github.Settings.Owner, github.Settings.Name, id, new ApiOptions { PageSize = 1, PageCount = 1 }),
                cancellationToken).ConfigureAwait(false);
            var status = latest.Count == 0 ? null : latest[0];
            entries.Add(new LedgerEntry(id.ToString(CultureInfo.InvariantCulture), release, LedgerText.Status(status?.State.StringValue), createdAt,
                string.IsNullOrEmpty(status?.LogUrl) ? null : status.LogUrl));
        }
        return ReleaseHistory.NewestFirst(entries);
    }

    private Task<DeploymentStatus> SetStatusAsync(long id, Release release, ReleaseStatus status, string? logUrl, CancellationToken cancellationToken)
    {
        var state = status switch
        {
            ReleaseStatus.InProgress => DeploymentState.InProgress,
            ReleaseStatus.Success => DeploymentState.Success,
            ReleaseStatus.Failure => DeploymentState.Failure,
            _ => DeploymentState.Inactive,
        };
        var update = new NewDeploymentStatus(state)
        {
            LogUrl = Scrub(logUrl),
            EnvironmentUrl = Scrub(release.Urls.FirstOrDefault()),
            Description = LedgerText.StatusDescription(status),
            // Only a success retires the environment's earlier successes.
            AutoInactive = status == ReleaseStatus.Success,
        };
        return github.CallAsync($"setting deployment {id} of {release.Environment} to {LedgerText.State(status)}", (c, _) =>
            c.Client.Repository.Deployment.Status.Create(github.Settings.Owner, github.Settings.Name, id, update), cancellationToken);
    }

    private string? Scrub(string? text) => text is null || secrets is null ? text : secrets.Scrub(text);

    /// <summary>GitHub's own default marks only "production"; the usual short names are production too.</summary>
    public static bool IsProduction(string environment) =>
        environment.ToLowerInvariant() is "production" or "prod" or "prd" or "live";

    private static JsonNode? Body(IApiResponse<object> response) =>
        response.HttpResponse.Body is string text && text.Length > 0 ? JsonNode.Parse(text) : null;

    private static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
