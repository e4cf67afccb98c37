using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Vercel.Api;
using Refit;

namespace Deployer.Providers.Vercel;

/// <summary>
/// The dry run of a Vercel step: the files that would upload (count and bytes), the target and the domains that would
/// switch. With a token (<paramref name="clientsFor"/> not null) the local SHA-1s are compared with the file trees of the
/// project's production deployment and its last <see cref="RecentDeployments"/> READY deployments (previews and staging
/// hold content production lacks), and the domains are the project's; without one every file is counted. Only GETs.
/// </summary>
public sealed class VercelPreviewer(string root, Func<VercelProjectSpec, VercelClients>? clientsFor = null) : IStepPreviewer
{
    /// <summary>How many recent READY deployments' file trees the comparison reads besides production's: a bound on GETs.</summary>
    public const int RecentDeployments = 5;

    public bool Previews(Step step) => step is DeployVercelProjectStep;

    public async Task<IReadOnlyList<string>> PreviewAsync(Step step, CancellationToken cancellationToken)
    {
        var vercel = (DeployVercelProjectStep)step;
        var project = vercel.Project;
        if (vercel is { RecordedDeployment: { } from, RecordedFiles: { } files, RedeployBecause: { } reason })
            return [$"+ production of '{project.Project}' built on Vercel from the {files.Count} recorded files of {from} ({reason}); nothing uploaded, checkout not read",
                    $"~ domains of '{project.Project}' switch to it after its check ({project.Check.Path} → {project.Check.ExpectStatus})"];
        if (vercel is { RecordedDeployment: { } source, RedeployBecause: { } because })
            return [$"+ production of '{project.Project}' rebuilt on Vercel from the files of {source} ({because}); nothing uploaded"];
        if (vercel.RecordedDeployment is { } previewed && !project.Production)
            return [.. project.Aliases.Select(a => $"~ alias {a} → {previewed}")];
        if (vercel.RecordedDeployment is { } recorded)
            return [$"~ production of '{project.Project}' → {recorded} ({(vercel.Rollback ? "rollback" : "promote")}, no rebuild)"];
        var directory = Path.GetFullPath(project.Directory, root);
        // A dry run of a checkout that has not built its frontend yet still prints the plan; it says what it could not read.
        if (!Directory.Exists(directory))
            return [$"(files not read: {project.Directory} does not exist here; a deploy needs it)", $"~ target {(project.Production ? "production" : "preview")}"];
        var set = await VercelFileSet.HashAsync(directory, project.Prebuilt, cancellationToken);
        var remote = clientsFor is null ? null : await ReadRemoteAsync(clientsFor(project), project, cancellationToken);
        var lines = new List<string> { Upload(set, remote) };
        var domains = remote?.Domains is { Count: > 0 } names ? string.Join(", ", names) : "its domains";
        lines.Add(project.Production
            ? $"~ target production, created without domains; {domains} switch to it after {project.Check.Path} answers {project.Check.ExpectStatus} on its deployment URL"
            : "~ target preview; no domain switches");
        lines.AddRange(project.Aliases.Select(a => $"+ alias {a}"));
        return lines;
    }

    /// <summary>
    /// What Vercel has of the project: the SHA-1s of the files of its production deployment and of the recent ones read
    /// (<paramref name="Compared"/>, production excluded), and its domains; or why they were not read.
    /// </summary>
    private sealed record Remote(string? Production, IReadOnlyList<string> Compared, IReadOnlySet<string> Shas, IReadOnlyList<string> Domains, string? Unread);

    /// <summary>The upload line: the files whose content Vercel lacks (by SHA-1), or all of them when nothing was compared.</summary>
    internal static string Upload(VercelFileSet set, IReadOnlySet<string>? known, string? comparedWith)
    {
        if (known is null) return $"+ {set.Files.Count} files ({set.Bytes} bytes) to upload; not compared with Vercel ({comparedWith ?? "no token"})";
        // Content is uploaded once per SHA-1, however many paths share it.
        var missing = set.Files.Where(f => !known.Contains(f.Sha)).DistinctBy(f => f.Sha).ToArray();
        var present = set.Files.Count(f => known.Contains(f.Sha));
        return $"+ {missing.Length} files ({missing.Sum(f => f.Size)} bytes) to upload, {present} already on Vercel ({comparedWith})";
    }

    private static string Upload(VercelFileSet set, Remote? remote) => remote switch
    {
        null => Upload(set, null, "no token"),
        { Unread: { } why } => Upload(set, null, why),
        { Production: null, Compared.Count: 0 } => Upload(set, new HashSet<string>(), "the project has no production deployment"),
        _ => Upload(set, remote.Shas, ComparedWith(remote)),
    };

    private static string ComparedWith(Remote remote)
    {
        var recent = remote.Compared.Count switch
        {
            0 => null,
            1 => $"recent deployment {remote.Compared[0]}",
            var n => $"{n} recent deployments ({string.Join(", ", remote.Compared)})",
        };
        return remote.Production is { } production
            ? $"compared with the files of production deployment {production}{(recent is null ? "" : " and " + recent)}"
            : $"compared with the files of {recent}; the project has no production deployment";
    }

    private static async Task<Remote> ReadRemoteAsync(VercelClients clients, VercelProjectSpec project, CancellationToken cancellationToken)
    {
        try
        {
            var read = await clients.Projects.GetAsync(project.Project, cancellationToken);
            var domains = (await clients.Projects.DomainsAsync(project.Project, cancellationToken)).Domains?.Select(d => d.Name).ToArray() ?? [];
            var production = read.Targets?.GetValueOrDefault("production")?.Id;
            var listed = await clients.Deployments.ListAsync(read.Id, RecentDeployments + 1, "READY", cancellationToken);
            var recent = (listed.Deployments ?? []).Select(d => d.Uid).Where(id => id != production).Take(RecentDeployments).ToArray();
            var shas = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in production is null ? recent : [production, .. recent])
                shas.UnionWith((await clients.Deployments.FilesAsync(id, cancellationToken)).SelectMany(e => e.Shas()));
            return new Remote(production, recent, shas, domains, null);
        }
        catch (ApiException e)
        {
            return new Remote(null, [], new HashSet<string>(), [], $"Vercel answered HTTP {(int)e.StatusCode}{(VercelErrors.Parse(e) is { Message: { } m } ? ": " + m : "")} for {clients.Scope.Describe}");
        }
        catch (HttpRequestException e)
        {
            return new Remote(null, [], new HashSet<string>(), [], $"Vercel could not be reached: {e.Message}");
        }
    }
}
