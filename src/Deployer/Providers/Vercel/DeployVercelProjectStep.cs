using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Vercel;

/// <summary>Deploys one Vercel project, or (promotion/rollback) points production at the deployment a release recorded.</summary>
public sealed record DeployVercelProjectStep(string Id, IReadOnlyList<string> DependsOn, VercelProjectSpec Project) : Step(Id, DependsOn), IReadsOutputs
{
    /// <summary>Outputs of earlier steps the build-time env reads (<c>NEXT_PUBLIC_API_URL: "{{sam.api.ApiUrl}}"</c>), resolved at execution.</summary>
    public IReadOnlyList<OutputReference> References { get; init; } = [];

    /// <summary>Where the description writes the env (<c>environments.staging.vercel[0].env</c>), for errors.</summary>
    public string EnvSetting { get; init; } = "env";

    /// <summary>The deployment id a recorded release left serving: promoted or rolled back to instead of building.</summary>
    public string? RecordedDeployment { get; init; }

    /// <summary>Rollback (as opposed to promotion) of <see cref="RecordedDeployment"/>.</summary>
    public bool Rollback { get; init; }

    /// <summary>
    /// Why a promotion builds <see cref="RecordedDeployment"/>'s files again on Vercel with this project's settings instead
    /// of promoting that deployment (null: promoted as it is). See <see cref="VercelPromotion.Decide"/>.
    /// </summary>
    public string? RedeployBecause { get; init; }

    /// <summary>
    /// The files (path → SHA-1, size) the source release recorded for <see cref="RecordedDeployment"/>: a redeploy to another
    /// project sends exactly these, which Vercel already stores, so nothing is uploaded and the local checkout is not read.
    /// </summary>
    public IReadOnlyList<Api.VercelFile>? RecordedFiles { get; init; }

    /// <summary>The source environment's project the recorded deployment belongs to, when it is another project.</summary>
    public string? SourceProject { get; init; }

    /// <summary>The pull request this deployment previews: a preview (no target), whatever the project's production setting.</summary>
    public int? PullRequest { get; init; }

    public override string Provider => VercelModule.Id;
    public override string Summary => $"deploy {Project.Directory} to Vercel project '{Project.Project}'" +
                                      (Project.Team is null ? "" : $" (team {Project.Team})") +
                                      (PullRequest is { } pr ? $" as the preview of pull request #{pr}" : Project.Production ? " and promote to production" : " as a preview");
    public override IEnumerable<(string, string)> Details()
    {
        if (RecordedDeployment is { } recorded)
        {
            yield return (Rollback ? "rollback to" : RedeployBecause is null ? "promote" : "redeploy the files of", recorded);
            if (RedeployBecause is { } why) yield return ("redeploy because", why);
            if (RecordedFiles is { } files) yield return ("recorded files", $"{files.Count} ({files.Sum(f => f.Size)} bytes) of project '{SourceProject}', by SHA-1; none uploaded");
        }
        if (Project.Prebuilt) yield return ("prebuilt", ".vercel/output");
        foreach (var alias in Project.Aliases) yield return ("alias", alias);
        foreach (var (key, value) in Project.Env) yield return ($"env {key}", OutputReference.Describe(value, References));
    }
}
