using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Amplify;

/// <summary>The restJson1 operations of <see cref="AmplifySimulator"/> (paths of botocore's model), the zip upload and the branch sites.</summary>
internal static class AmplifyRoutes
{
    /// <summary>An error as Amplify sends it: the code in <c>x-amzn-ErrorType</c>, <c>{"message": …}</c> in the body.</summary>
    public static IResult Error(HttpContext context, int status, string code, string message)
    {
        context.Response.Headers["x-amzn-ErrorType"] = $"{code}:http://internal.amazon.com/coral/com.amazonaws.amplify/";
        return Results.Json(new JsonObject { ["message"] = message }, statusCode: status);
    }

    public static void Map(WebApplication app, AmplifyState state)
    {
        app.MapGet("/apps/{appId}", (HttpContext c, string appId) => With(c, state, appId, null, a => Results.Json(new JsonObject { ["app"] = AmplifyRendering.App(a) })));
        app.MapGet("/apps/{appId}/branches/{branch}", (HttpContext c, string appId, string branch) =>
            With(c, state, appId, branch, a => Results.Json(new JsonObject { ["branch"] = AmplifyRendering.Branch(state, a, branch) })));
        app.MapPost("/apps/{appId}/branches/{branch}/deployments", (HttpContext c, string appId, string branch) => With(c, state, appId, branch, a =>
        {
            var jobs = a.Branches[branch].Jobs;
            if (jobs.FirstOrDefault(j => j.StatusAt(state.Now, state.Options) is "PENDING" or "RUNNING" or "CANCELLING") is { } busy)
                return Error(c, 400, "BadRequestException", $"Branch {branch} already has a pending or running job ({busy.JobId}). Stop it or wait for it to complete.");
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var job = new SimulatedAmplifyJob(appId, branch, (++state.Sequence).ToString(System.Globalization.CultureInfo.InvariantCulture), state.Now, token);
            jobs.Add(job);
            var upload = $"{c.Request.Scheme}://{c.Request.Host}/uploads/{appId}/{branch}/{job.JobId}.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature={token}";
            return Results.Json(new JsonObject { ["jobId"] = job.JobId, ["fileUploadUrls"] = new JsonObject(), ["zipUploadUrl"] = upload });
        }));
        app.MapPost("/apps/{appId}/branches/{branch}/deployments/start", async (HttpContext c, string appId, string branch) =>
        {
            var body = c.Request.ContentLength is > 0 ? await JsonNode.ParseAsync(c.Request.Body) as JsonObject : null;
            var jobId = body?["jobId"]?.GetValue<string>();
            return With(c, state, appId, branch, a =>
            {
                if (jobId is null) return Error(c, 400, "BadRequestException", "jobId or sourceUrl is required.");
                if (a.Branches[branch].Jobs.FirstOrDefault(j => j.JobId == jobId) is not { } job) return Error(c, 404, "NotFoundException", $"Job {jobId} not found.");
                if (job.StartedAt is not null || job.StoppedAt is not null) return Error(c, 400, "BadRequestException", $"Job {jobId} is not pending a start.");
                if (job.Zip is null) return Error(c, 400, "BadRequestException", $"No zip was uploaded for job {jobId}.");
                job.StartedAt = state.Now;
                var key = $"{appId}/{branch}";
                job.FailureReason = state.Faults.FailingBranches.GetValueOrDefault(key);
                job.Stuck = state.Faults.StuckBranches.ContainsKey(key);
                return Results.Json(new JsonObject { ["jobSummary"] = AmplifyRendering.Summary(state, job) });
            });
        });
        app.MapGet("/apps/{appId}/branches/{branch}/jobs", (HttpContext c, string appId, string branch, int? maxResults) => With(c, state, appId, branch, a =>
        {
            if (maxResults is < 0 or > 50) return Error(c, 400, "BadRequestException", "maxResults must be between 0 and 50.");
            var newest = Enumerable.Reverse(a.Branches[branch].Jobs).Take(maxResults is null or 0 ? 50 : maxResults.Value);
            return Results.Json(new JsonObject { ["jobSummaries"] = new JsonArray([.. newest.Select(j => (JsonNode)AmplifyRendering.Summary(state, j))]) });
        }));
        app.MapGet("/apps/{appId}/branches/{branch}/jobs/{jobId}", (HttpContext c, string appId, string branch, string jobId) =>
            WithJob(c, state, appId, branch, jobId, job => Results.Json(new JsonObject { ["job"] = AmplifyRendering.Job(state, job) })));
        app.MapDelete("/apps/{appId}/branches/{branch}/jobs/{jobId}/stop", (HttpContext c, string appId, string branch, string jobId) =>
            WithJob(c, state, appId, branch, jobId, job =>
            {
                if (job.StatusAt(state.Now, state.Options) is not ("PENDING" or "RUNNING"))
                    return Error(c, 400, "BadRequestException", $"Job {jobId} is {job.StatusAt(state.Now, state.Options)} and cannot be stopped.");
                job.StoppedAt = state.Now;
                return Results.Json(new JsonObject { ["jobSummary"] = AmplifyRendering.Summary(state, job) });
            }));
        app.MapPut("/uploads/{appId}/{branch}/{jobId}.zip", async (HttpContext c, string appId, string branch, string jobId) =>
        {
            using var buffer = new MemoryStream();
            await c.Request.Body.CopyToAsync(buffer);
            lock (state.Gate)
            {
                var job = state.Apps.GetValueOrDefault(appId)?.Branches.GetValueOrDefault(branch).Jobs?.FirstOrDefault(j => j.JobId == jobId);
                // S3 answers a pre-signed URL whose signature does not match with 403.
                if (job is null || c.Request.Query["X-Amz-Signature"] != job.UploadToken || state.Faults.RejectUploads) return Results.StatusCode(403);
                job.Zip = buffer.ToArray();
                state.Uploads++;
                return Results.Ok();
            }
        });
        app.MapGet("/sites/{appId}/{branch}/{**path}", (string appId, string branch, string? path) =>
        {
            lock (state.Gate)
            {
                var jobs = state.Apps.GetValueOrDefault(appId)?.Branches.GetValueOrDefault(branch).Jobs;
                if (jobs is null || state.Active(jobs)?.Zip is not { } zip || AmplifyState.File(zip, path ?? "") is not { } file)
                    return Results.Text("<h1>404 Not Found</h1>", "text/html", statusCode: 404);
                return Results.Bytes(file, (path ?? "").EndsWith(".html") || string.IsNullOrEmpty(path) || path.EndsWith('/') ? "text/html" : "application/octet-stream");
            }
        });
    }

    private static IResult With(HttpContext c, AmplifyState state, string appId, string? branch, Func<SimulatedAmplifyApp, IResult> then)
    {
        lock (state.Gate)
        {
            if (!state.Apps.TryGetValue(appId, out var app)) return Error(c, 404, "NotFoundException", $"App {appId} not found.");
            if (branch is not null && !app.Branches.ContainsKey(branch)) return Error(c, 404, "NotFoundException", $"Branch {branch} not found.");
            return then(app);
        }
    }

    private static IResult WithJob(HttpContext c, AmplifyState state, string appId, string branch, string jobId, Func<SimulatedAmplifyJob, IResult> then) =>
        With(c, state, appId, branch, a => a.Branches[branch].Jobs.FirstOrDefault(j => j.JobId == jobId) is { } job
            ? then(job) : Error(c, 404, "NotFoundException", $"Job {jobId} not found."));
}
