using System.Net;
using Deployer.Providers.Vercel.Api;
using Refit;

namespace Deployer.Providers.Vercel;

/// <summary>
/// What makes a Vercel step refuse before any change, each as one line naming the setting: nothing to deploy, prebuilt
/// output without its config.json, a promotion whose source recorded no file list; then, asked of Vercel once per
/// project, a refused token, a team the token cannot see and a project that does not exist.
/// </summary>
public static class VercelPreflight
{
    public static IEnumerable<string> LocalProblems(IReadOnlyList<DeployVercelProjectStep> steps, string root, Func<DeployVercelProjectStep, string> pathOf)
    {
        foreach (var step in steps)
        {
            var path = pathOf(step);
            if (step is { SourceProject: not null, RecordedFiles: null })
                yield return $"{path}.project: the source release recorded no file list for project '{step.SourceProject}', so its deployment " +
                             $"{step.RecordedDeployment} cannot be given to '{step.Project.Project}'; deploy from its commit instead";
            if (step.RecordedDeployment is not null) continue; // promotion and rollback read no checkout
            var folder = Path.GetFullPath(step.Project.Directory, root);
            var output = Path.Combine(folder, ".vercel", "output");
            var content = step.Project.Prebuilt ? output : folder;
            if (!Directory.Exists(content))
                yield return $"{path}.directory: {content} does not exist{(step.Project.Prebuilt ? " (prebuilt: run `vercel build` first)" : "")}";
            else if (!Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories).Any())
                yield return $"{path}.directory: {content} has no files to deploy";
            else if (step.Project.Prebuilt && !File.Exists(Path.Combine(output, "config.json")))
                yield return $"{path}.prebuilt: {output} has no config.json (the Build Output API needs it; run `vercel build`)";
        }
    }

    public static async Task<IReadOnlyList<string>> RemoteProblemsAsync(IReadOnlyList<DeployVercelProjectStep> steps, Func<VercelProjectSpec, VercelClients> clientsFor,
        Func<DeployVercelProjectStep, string> pathOf, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var step in steps.DistinctBy(s => (s.Project.Team, s.Project.Project)))
        {
            var clients = clientsFor(step.Project);
            var path = pathOf(step);
            try
            {
                await clients.Projects.GetAsync(step.Project.Project, cancellationToken);
            }
            catch (ApiException e)
            {
                var answer = $"HTTP {(int)e.StatusCode}{(VercelErrors.Parse(e) is { Message: { } message } ? ": " + message : "")}";
                problems.Add(e.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => $"VERCEL_TOKEN (or --vercel-token) was refused by Vercel ({answer})",
                    HttpStatusCode.Forbidden => $"{path}.team: the token cannot act for {clients.Scope.Describe} ({answer})",
                    HttpStatusCode.NotFound => $"{path}.project: Vercel has no project '{step.Project.Project}' under {clients.Scope.Describe} ({answer})",
                    _ => $"{path}: Vercel could not be asked for project '{step.Project.Project}' ({answer})",
                });
                if (e.StatusCode == HttpStatusCode.Unauthorized) break; // the same token for every project
            }
            catch (HttpRequestException e)
            {
                problems.Add($"{path}: Vercel could not be reached to check project '{step.Project.Project}' ({e.Message})");
                break;
            }
        }
        return problems;
    }
}
