using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Deployer.Simulators.Vercel;

/// <summary>The REST operations of <see cref="VercelSimulator"/>, with Vercel's paths and error envelope.</summary>
internal static class VercelRoutes
{
    public static IResult Error(int status, string code, string message, JsonArray? missing = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (missing is not null) error["missing"] = missing;
        return Results.Json(new JsonObject { ["error"] = error }, statusCode: status);
    }

    public static void Map(WebApplication app, VercelState state)
    {
        app.MapPost("/v2/files", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var content = buffer.ToArray();
            // The CLI and @vercel/client still send the legacy x-now-digest; the API takes either.
            var digest = request.Headers["x-vercel-digest"].FirstOrDefault() ?? request.Headers["x-now-digest"].FirstOrDefault() ?? "";
            if (VercelSimulator.Sha1(content) != digest) return Error(400, "invalid_digest", $"content does not hash to {digest}");
            lock (state.Gate) { state.Files[digest] = content; state.Uploads++; }
            return Results.Json(new JsonObject { ["urls"] = new JsonArray() });
        });
        app.MapPost("/v13/deployments", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            var files = (body["files"]?.AsArray() ?? []).Select(f => (File: f!["file"]!.GetValue<string>(), Sha: f["sha"]!.GetValue<string>())).ToArray();
            var project = body["project"]?.GetValue<string>() ?? body["name"]!.GetValue<string>();
            var env = (body["env"]?.AsObject() ?? []).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
            lock (state.Gate)
            {
                if (body["project"] is not null && !state.HasProject(project)) return Error(404, "not_found", "Project not found");
                state.CreatedProjects.Add(project);
                // A redeploy (`vercel redeploy`) names an earlier deployment of the project and builds its files again.
                if (body["deploymentId"]?.GetValue<string>() is { } redeployed)
                {
                    var source = state.Deployments.FirstOrDefault(d => d.Id == redeployed && d.Team == Team(request));
                    if (source is null) return Error(404, "not_found", $"deployment {redeployed} not found");
                    if (source.Project != project) return Error(400, "bad_request", $"deployment {redeployed} is not of project {project}");
                    files = [.. source.Files.Select(f => (f.Key, f.Value))];
                }
                var missing = files.Select(f => f.Sha).Distinct().Where(s => !state.Files.ContainsKey(s)).ToArray();
                if (missing.Length > 0)
                    return Error(400, "missing_files", "Missing files", new JsonArray([.. missing.Select(m => (JsonNode)m)]));
                if (files.Length == 0) return Error(400, "no_files", "No files in the deployment");
                var id = $"dpl_{++state.Sequence:D12}";
                var deployment = new SimulatedVercelDeployment(id, project, Team(request), body["target"]?.GetValue<string>() == "production",
                    files.ToDictionary(f => f.File, f => f.Sha), state.Options.Time.GetUtcNow(),
                    state.Faults.FailingBuilds.GetValueOrDefault(project), state.Faults.StuckBuilds.ContainsKey(project)) 
                {
                    Env = env,
                    AutoAssignCustomDomains = body["autoAssignCustomDomains"]?.GetValue<bool>() ?? true,
                    RedeployOf = body["deploymentId"]?.GetValue<string>(),
                    Held = () => state.Faults.HeldBuilds.ContainsKey(project),
                };
                state.Deployments.Add(deployment);
                return Results.Json(Render(state, deployment));
            }
        });
        app.MapGet("/v13/deployments/{id}", (string id) => WithDeployment(state, id, d => Results.Json(Render(state, d))));
        app.MapPatch("/v12/deployments/{id}/cancel", (string id) => WithDeployment(state, id, d =>
        {
            d.Canceled = true;
            return Results.Json(Render(state, d));
        }));
        app.MapGet("/v3/deployments/{id}/events", (string id) => WithDeployment(state, id, d =>
            Results.Json(new JsonArray([.. (d.StateAt(state.Options.Time.GetUtcNow(), state.Options) == "ERROR" ? d.FailureLog! : ["Build completed"])
                .Select((line, i) => (JsonNode)new JsonObject { ["type"] = "stdout", ["created"] = i, ["text"] = line })]))));
        // Newest first, filtered by project (id or name), team scope and state, as the real list answers.
        app.MapGet("/v6/deployments", (HttpRequest request) =>
        {
            var project = request.Query["projectId"].FirstOrDefault();
            var states = request.Query["state"].FirstOrDefault()?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var limit = int.TryParse(request.Query["limit"].FirstOrDefault(), out var l) ? Math.Clamp(l, 1, 100) : 20;
            lock (state.Gate)
            {
                Settle(state);
                var now = state.Options.Time.GetUtcNow();
                var listed = state.Deployments
                    .Where(d => d.Team == Team(request) && (project is null || project == d.Project || project == "prj_" + d.Project))
                    .Select(d => (Deployment: d, State: d.StateAt(now, state.Options)))
                    .Where(d => states is null || states.Contains(d.State))
                    .OrderByDescending(d => d.Deployment.CreatedAt).ThenByDescending(d => d.Deployment.Id, StringComparer.Ordinal)
                    .Take(limit)
                    .Select(d => (JsonNode)new JsonObject
                    {
                        ["uid"] = d.Deployment.Id, ["name"] = d.Deployment.Project, ["url"] = d.Deployment.Url,
                        ["created"] = d.Deployment.CreatedAt.ToUnixTimeMilliseconds(), ["state"] = d.State, ["readyState"] = d.State,
                        ["target"] = d.Deployment.Production ? "production" : null,
                    }).ToArray();
                return Results.Json(new JsonObject
                {
                    ["deployments"] = new JsonArray(listed),
                    ["pagination"] = new JsonObject { ["count"] = listed.Length, ["next"] = null, ["prev"] = null },
                });
            }
        });
        // The documented shape: an array of entries {name, type, mode, uid (files: the SHA-1), children (directories)}.
        app.MapGet("/v6/deployments/{id}/files", (string id) => WithDeployment(state, id, d =>
            Results.Json(FileTree(d.Files, ""))));
        app.MapPost("/v2/deployments/{id}/aliases", async (string id, HttpRequest request) =>
        {
            var alias = (await JsonNode.ParseAsync(request.Body))!["alias"]!.GetValue<string>();
            return WithDeployment(state, id, d =>
            {
                if (!state.Aliases.TryGetValue(id, out var list)) state.Aliases[id] = list = [];
                list.Add(alias);
                return Results.Json(new JsonObject { ["alias"] = alias, ["uid"] = "alias_" + list.Count });
            });
        });
        app.MapGet("/v9/projects/{name}", (string name) =>
        {
            lock (state.Gate)
            {
                if (!state.HasProject(name)) return Error(404, "not_found", "Project not found");
                Settle(state);
                var project = new JsonObject { ["id"] = "prj_" + name, ["name"] = name, ["targets"] = new JsonObject() };
                if (state.Production.TryGetValue(name, out var live)) project["targets"]!["production"] = new JsonObject { ["id"] = live };
                return Results.Json(project);
            }
        });
        app.MapGet("/v9/projects/{name}/domains", (string name) =>
        {
            lock (state.Gate)
            {
                if (!state.HasProject(name)) return Error(404, "not_found", "Project not found");
                var domains = state.Domains.GetValueOrDefault(name) ?? [];
                return Results.Json(new JsonObject
                {
                    ["domains"] = new JsonArray([.. domains.Select(domain => (JsonNode)new JsonObject
                    {
                        ["name"] = domain, ["apexName"] = domain, ["projectId"] = "prj_" + name, ["verified"] = true,
                    })]),
                    ["pagination"] = new JsonObject { ["count"] = domains.Count, ["next"] = null, ["prev"] = null },
                });
            }
        });
        MapPointer(app, state, "/v10/projects/{project}/promote/{deploymentId}");
        MapPointer(app, state, "/v9/projects/{project}/rollback/{deploymentId}");
    }

    private static void MapPointer(IEndpointRouteBuilder app, VercelState state, string pattern) =>
        app.MapPost(pattern, (string project, string deploymentId) => WithDeployment(state, deploymentId, d =>
        {
            if (d.Project != project) return Error(400, "bad_request", $"deployment {deploymentId} is not of project {project}");
            if (d.StateAt(state.Options.Time.GetUtcNow(), state.Options) != "READY") return Error(400, "not_ready", "deployment is not READY");
            state.Production[project] = deploymentId;
            return Results.StatusCode(201);
        }));

    /// <summary>The tree of the paths under <paramref name="prefix"/>: directories first by name, then files.</summary>
    private static JsonArray FileTree(IReadOnlyDictionary<string, string> files, string prefix)
    {
        var under = files.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(f => (Path: f.Key[prefix.Length..], Sha: f.Value)).ToArray();
        var directories = under.Where(f => f.Path.Contains('/')).Select(f => f.Path[..f.Path.IndexOf('/')]).Distinct().Order(StringComparer.Ordinal)
            .Select(name => (JsonNode)new JsonObject
            {
                ["name"] = name, ["type"] = "directory", ["mode"] = 16877, ["children"] = FileTree(files, prefix + name + "/"),
            });
        var plain = under.Where(f => !f.Path.Contains('/')).OrderBy(f => f.Path, StringComparer.Ordinal)
            .Select(f => (JsonNode)new JsonObject { ["name"] = f.Path, ["type"] = "file", ["mode"] = 33188, ["uid"] = f.Sha });
        return new JsonArray([.. directories, .. plain]);
    }

    private static string? Team(HttpRequest request) => request.Query["teamId"].FirstOrDefault() ?? request.Query["slug"].FirstOrDefault();

    private static IResult WithDeployment(VercelState state, string id, Func<SimulatedVercelDeployment, IResult> run)
    {
        lock (state.Gate)
        {
            var deployment = state.Deployments.FirstOrDefault(d => d.Id == id);
            return deployment is null ? Error(404, "not_found", $"deployment {id} not found") : run(deployment);
        }
    }

    /// <summary>
    /// Every deployment gets its aliases once READY (previews their branch URL, which clients wait for as
    /// <c>aliasAssigned</c>); production ones also take the project's domains, in creation order, unless
    /// created with <c>autoAssignCustomDomains: false</c> (then only a promote moves them).
    /// </summary>
    internal static void Settle(VercelState state)
    {
        foreach (var d in state.Deployments.Where(d => d.AliasAssignedAt is null))
            if (d.StateAt(state.Options.Time.GetUtcNow(), state.Options) == "READY")
            {
                if (d is { Production: true, AutoAssignCustomDomains: true }) state.Production[d.Project] = d.Id;
                d.AliasAssignedAt = state.Options.Time.GetUtcNow();
            }
    }

    private static JsonObject Render(VercelState state, SimulatedVercelDeployment deployment)
    {
        Settle(state);
        var readyState = deployment.StateAt(state.Options.Time.GetUtcNow(), state.Options);
        var node = new JsonObject
        {
            ["id"] = deployment.Id,
            ["url"] = deployment.Url,
            ["name"] = deployment.Project,
            ["readyState"] = readyState,
            ["aliasAssigned"] = deployment.AliasAssignedAt?.ToUnixTimeMilliseconds(),
            ["target"] = deployment.Production ? "production" : null,
        };
        if (readyState == "ERROR")
        {
            node["errorCode"] = "BUILD_FAILED";
            node["errorMessage"] = "Command \"npm run build\" exited with 1";
        }
        return node;
    }
}
