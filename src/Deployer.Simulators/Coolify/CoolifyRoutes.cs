using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Coolify;

/// <summary>The API v4 operations of <see cref="CoolifySimulator"/>, with Coolify's paths, messages and statuses (DeployController, ApplicationsController).</summary>
internal static class CoolifyRoutes
{
    public static IResult Error(int status, string message) => Results.Json(CoolifyJson.Message(message), statusCode: status);

    public static void Map(WebApplication app, CoolifyState state)
    {
        // Since v4.2.0 a GET of /deploy only says that it moved.
        app.MapGet("/api/v1/deploy", (HttpContext context) =>
        {
            context.Response.Headers.Allow = "POST";
            return Error(405, "This endpoint has changed to a POST request.");
        });
        app.MapPost("/api/v1/deploy", (HttpRequest request) => Deploy(state, request));
        app.MapGet("/api/v1/deployments/{uuid}", (string uuid) => WithDeployment(state, uuid, d => Results.Json(CoolifyJson.Deployment(state, d))));
        app.MapPost("/api/v1/deployments/{uuid}/cancel", (string uuid) => WithDeployment(state, uuid, d =>
        {
            var status = d.StatusAt(state.Options.Time.GetUtcNow(), state.Options);
            if (status is not ("queued" or "in_progress")) return Error(400, $"Deployment cannot be cancelled. Current status: {status}");
            d.CancelledAt = state.Options.Time.GetUtcNow();
            return Results.Json(new JsonObject
            {
                ["message"] = "Deployment cancelled successfully.", ["deployment_uuid"] = d.Uuid, ["status"] = "cancelled-by-user",
            });
        }));
        app.MapGet("/api/v1/applications/{uuid}", (string uuid) => WithApplication(state, uuid, a => Results.Json(CoolifyJson.Application(a))));
        app.MapGet("/api/v1/applications/{uuid}/rollback-images", (string uuid) => WithApplication(state, uuid, a => Results.Json(new JsonObject
        {
            ["current"] = a.Running,
            ["images"] = new JsonArray([.. a.Images.Select(i => (JsonNode)new JsonObject
            {
                ["tag"] = i.Tag, ["created_at"] = CoolifyJson.Timestamp(i.At), ["is_current"] = i.Tag == a.Running,
            })]),
        })));
        app.MapPost("/api/v1/applications/{uuid}/rollback", async (string uuid, HttpRequest request) =>
        {
            var body = request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0 ? await JsonNode.ParseAsync(request.Body) as JsonObject : null;
            var errors = new JsonObject();
            if (body?["commit"] is not JsonValue commitValue || commitValue.GetValueKind() != System.Text.Json.JsonValueKind.String)
                errors["commit"] = new JsonArray("The commit field is required.");
            foreach (var extra in body?.Select(p => p.Key).Where(k => k != "commit") ?? [])
                errors[extra] = new JsonArray("This field is not allowed.");
            if (errors.Count > 0) return Results.Json(new JsonObject { ["message"] = "Validation failed.", ["errors"] = errors }, statusCode: 422);
            var commit = body!["commit"]!.GetValue<string>();
            return WithApplication(state, uuid, a =>
            {
                var deployment = Queue(state, a, commit, force: false, rollback: true);
                return Results.Json(new JsonObject { ["message"] = "Rollback deployment queued.", ["deployment_uuid"] = deployment.Uuid });
            });
        });
    }

    private static IResult Deploy(CoolifyState state, HttpRequest request)
    {
        var uuids = request.Query["uuid"].ToString();
        if (request.Query.ContainsKey("tag") && uuids.Length > 0) return Error(400, "You can only use uuid or tag, not both.");
        if (uuids.Length == 0) return Error(400, "You must provide uuid or tag.");
        // Laravel's $request->boolean: 1, true, on, yes (any case).
        var force = request.Query["force"].ToString().ToLowerInvariant() is "1" or "true" or "on" or "yes";
        var answers = new JsonArray();
        lock (state.Gate)
        {
            foreach (var uuid in uuids.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!state.Applications.TryGetValue(uuid, out var application)) continue; // Coolify leaves resources it cannot find out
                var now = state.Options.Time.GetUtcNow();
                var existing = state.Deployments.FirstOrDefault(d => d.Application == application && d.Asked is null
                    && d.StatusAt(now, state.Options) is "queued" or "in_progress" && state.Commit(d, now) == "HEAD");
                if (existing is not null && !force)
                {
                    answers.Add(new JsonObject { ["message"] = "Deployment already queued for this commit.", ["resource_uuid"] = uuid, ["deployment_uuid"] = existing.Uuid });
                    continue;
                }
                var deployment = Queue(state, application, null, force, rollback: false);
                answers.Add(new JsonObject
                {
                    ["message"] = $"Application {application.Name} deployment queued.", ["resource_uuid"] = uuid, ["deployment_uuid"] = deployment.Uuid,
                });
            }
        }
        return answers.Count == 0 ? Error(404, "No resources found.") : Results.Json(new JsonObject { ["deployments"] = answers });
    }

    private static SimulatedCoolifyDeployment Queue(CoolifyState state, SimulatedCoolifyApplication application, string? commit, bool force, bool rollback)
    {
        var deployment = new SimulatedCoolifyDeployment(++state.Sequence, CoolifyState.NewPublicId(), application, commit, force, rollback,
            state.Options.Time.GetUtcNow(), state.Faults.FailingBuilds.GetValueOrDefault(application.Uuid), state.Faults.StuckBuilds.ContainsKey(application.Uuid));
        state.Deployments.Add(deployment);
        return deployment;
    }

    private static IResult WithDeployment(CoolifyState state, string uuid, Func<SimulatedCoolifyDeployment, IResult> run)
    {
        lock (state.Gate)
        {
            state.Settle();
            var deployment = state.Deployments.FirstOrDefault(d => d.Uuid == uuid);
            return deployment is null ? Error(404, "Deployment not found.") : run(deployment);
        }
    }

    private static IResult WithApplication(CoolifyState state, string uuid, Func<SimulatedCoolifyApplication, IResult> run)
    {
        lock (state.Gate)
        {
            state.Settle();
            return state.Applications.TryGetValue(uuid, out var application) ? run(application) : Error(404, "Application not found.");
        }
    }
}
