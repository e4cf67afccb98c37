using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Simulators.Coolify;

/// <summary>The bodies Coolify answers with: its field names, its types, its timestamps (<c>2026-12-05T13:20:59.000000Z</c>).</summary>
internal static class CoolifyJson
{
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Application(SimulatedCoolifyApplication application) => new()
    {
        ["id"] = application.Id,
        ["uuid"] = application.Uuid,
        ["name"] = application.Name,
        ["fqdn"] = application.Fqdn,
        ["status"] = application.Running is null ? "exited:unhealthy" : "running:healthy",
        ["git_repository"] = application.Repository,
        ["git_branch"] = application.Branch,
        ["git_commit_sha"] = "HEAD",
        ["build_pack"] = "nixpacks",
        ["ports_exposes"] = "3000",
    };

    public static JsonObject Deployment(CoolifyState state, SimulatedCoolifyDeployment deployment)
    {
        var now = state.Options.Time.GetUtcNow();
        var status = deployment.StatusAt(now, state.Options);
        var node = new JsonObject
        {
            ["id"] = deployment.Id,
            ["application_id"] = deployment.Application.Id.ToString(CultureInfo.InvariantCulture),
            ["deployment_uuid"] = deployment.Uuid,
            ["pull_request_id"] = 0,
            ["docker_registry_image_tag"] = null,
            ["force_rebuild"] = deployment.Force,
            ["commit"] = state.Commit(deployment, now),
            ["status"] = status,
            ["is_webhook"] = false,
            ["is_api"] = true,
            ["restart_only"] = false,
            ["server_id"] = 0,
            ["application_name"] = deployment.Application.Name,
            ["server_name"] = "localhost",
            ["deployment_url"] = $"/project/default/environment/production/application/{deployment.Application.Uuid}/deployment/{deployment.Uuid}",
            ["destination_id"] = "0",
            ["only_this_server"] = false,
            ["rollback"] = deployment.Rollback,
            ["created_at"] = Timestamp(deployment.CreatedAt),
            ["updated_at"] = Timestamp(now),
        };
        // Coolify hides the log from tokens that may not read sensitive data.
        if (state.Options.ReadSensitive) node["logs"] = Logs(state, deployment, status, now);
        return node;
    }

    /// <summary>The log column: a JSON string of entries, as <c>addLogEntry</c> writes them (hidden ones are Coolify's own commands).</summary>
    private static string Logs(CoolifyState state, SimulatedCoolifyDeployment deployment, string status, DateTimeOffset now)
    {
        var application = deployment.Application;
        var entries = new List<(string Output, string Type, bool Hidden)>();
        var started = deployment.CancelledAt is { } at ? at - deployment.CreatedAt >= state.Options.Queued : status != "queued";
        if (started)
        {
            entries.Add(($"Starting deployment of {application.Repository}:{application.Branch} to localhost.", "stdout", false));
            entries.Add(("docker rm -f " + deployment.Uuid, "stdout", true));
            entries.Add(($"Importing {application.Repository}:{application.Branch} (commit sha {state.Commit(deployment, now)}) to /artifacts/{deployment.Uuid}.", "stdout", false));
        }
        if (status == "failed")
        {
            entries.AddRange(deployment.FailureLog!.Select(line => (line, "stderr", false)));
            entries.Add(("Deployment failed. Removing the new version of your application.", "stderr", false));
        }
        if (status == "finished")
        {
            entries.Add(("Building docker image completed.", "stdout", false));
            entries.Add(("New container started.", "stdout", false));
            entries.Add(("Rolling update completed.", "stdout", false));
        }
        if (deployment.CancelledAt is not null) entries.Add(("Deployment cancelled by user via API.", "stderr", false));
        var array = new JsonArray();
        for (var i = 0; i < entries.Count; i++)
            array.Add(new JsonObject
            {
                ["command"] = null,
                ["output"] = entries[i].Output,
                ["type"] = entries[i].Type,
                ["timestamp"] = Timestamp(deployment.CreatedAt),
                ["hidden"] = entries[i].Hidden,
                ["batch"] = 1,
                ["order"] = i + 1,
            });
        return array.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public static JsonObject Message(string message) => new() { ["message"] = message };
}
