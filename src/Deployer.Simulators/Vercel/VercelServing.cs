using System.Text;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.Vercel;

/// <summary>
/// The edge of the simulated account: a request whose Host is a deployment's URL gets that deployment's files, one whose
/// Host is a project's custom domain gets the files of the deployment production serves. Nothing is built: a file is
/// served as uploaded (prebuilt output from <c>.vercel/output/static</c>), and a path with no file but a deployment
/// built from source answers 200 with a page naming the deployment, as the framework's build output would.
/// </summary>
internal static class VercelServing
{
    public static IResult? Serve(VercelState state, HttpRequest request)
    {
        var host = request.Host.Host;
        lock (state.Gate)
        {
            VercelRoutes.Settle(state);
            var deployment = state.Deployments.FirstOrDefault(d => string.Equals(d.Url, host, StringComparison.OrdinalIgnoreCase));
            if (deployment is null)
            {
                var project = state.Domains.FirstOrDefault(p => p.Value.Contains(host, StringComparer.OrdinalIgnoreCase)).Key;
                if (project is null) return null; // not a site: the REST API
                var live = state.Production.GetValueOrDefault(project);
                deployment = state.Deployments.FirstOrDefault(d => d.Id == live);
                if (deployment is null) return Text(404, "DEPLOYMENT_NOT_FOUND");
            }
            if (deployment.StateAt(state.Options.Time.GetUtcNow(), state.Options) != "READY") return Text(404, "DEPLOYMENT_NOT_READY");
            var path = Uri.UnescapeDataString(request.Path.Value ?? "/").TrimStart('/');
            var prebuilt = deployment.Files.Keys.Any(f => f.StartsWith(".vercel/output/", StringComparison.Ordinal));
            var prefix = prebuilt ? ".vercel/output/static/" : "";
            foreach (var candidate in new[] { path, path.Length == 0 ? "index.html" : path.TrimEnd('/') + "/index.html", path + ".html" })
                if (deployment.Files.TryGetValue(prefix + candidate, out var sha) && state.Files.TryGetValue(sha, out var content))
                    return Results.Bytes(content, candidate.EndsWith(".html", StringComparison.Ordinal) ? "text/html" : "application/octet-stream");
            return prebuilt || deployment.Files.ContainsKey("index.html")
                ? Text(404, "NOT_FOUND")
                : Text(200, $"<!doctype html><title>{deployment.Project}</title><p>built by Vercel from {deployment.Files.Count} files: {deployment.Id}</p>");
        }
    }

    private static IResult Text(int status, string body) => Results.Text(body, "text/html", Encoding.UTF8, status);
}
