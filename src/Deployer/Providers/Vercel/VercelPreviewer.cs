using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Vercel;

/// <summary>The dry run of a Vercel step: the files that would be offered (count and bytes), the target and the domains. Reads only.</summary>
public sealed class VercelPreviewer(string root) : IStepPreviewer
{
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
        var lines = new List<string>
        {
            $"+ {set.Files.Count} files ({set.Bytes} bytes) offered by SHA-1; only those Vercel lacks are uploaded",
            project.Production
                ? $"~ target production, created without domains; they switch to it after {project.Check.Path} answers {project.Check.ExpectStatus} on its deployment URL"
                : "~ target preview",
        };
        lines.AddRange(project.Aliases.Select(a => $"+ alias {a}"));
        return lines;
    }
}
