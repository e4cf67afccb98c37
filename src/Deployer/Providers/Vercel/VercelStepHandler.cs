using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Vercel.Api;
using Refit;

namespace Deployer.Providers.Vercel;

/// <summary>
/// Runs Vercel steps: create by content, wait, check production on its deployment URL and only then promote it; or
/// promote/roll back to a recorded deployment. Compensates by promoting the previous production again.
/// </summary>
public sealed class VercelStepHandler(Func<VercelProjectSpec, VercelClients> clientsFor, string root, TimeProvider time, VercelDeploymentCheck check,
    TimeSpan? pollInterval = null) : IStepHandler
{
    public bool Handles(Step step) => step is DeployVercelProjectStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var vercel = (DeployVercelProjectStep)step;
        var project = vercel.Project;
        var clients = clientsFor(project);
        try
        {
            // Outputs of earlier steps (a stack's API URL) are known only now.
            if (vercel.References.Count > 0)
            {
                project = project with { Env = OutputValues.Resolve(project.Env, vercel.EnvSetting, state) };
                vercel = vercel with { Project = project };
            }
            var previous = await ProductionOfAsync(clients, project.Project, cancellationToken);
            if (vercel.RecordedDeployment is { } recorded)
                return vercel.RedeployBecause is { } because ? await RedeployAsync(clients, vercel, recorded, because, previous, cancellationToken)
                    : project.Production ? await PointProductionAsync(clients, vercel, recorded, previous, cancellationToken)
                    : await RealiasAsync(clients, vercel, recorded, cancellationToken);
            var set = await VercelFileSet.HashAsync(Path.GetFullPath(project.Directory, root), project.Prebuilt, cancellationToken);
            var created = await new VercelUpload(clients.Deployments, clients.Files).CreateAsync(Body(vercel, set.Files), set, project.Prebuilt, cancellationToken);
            var settled = await SettleAsync(clients, vercel, created, previous, set.Files, cancellationToken);
            return settled.OutputAs<VercelDeployed>() is { } deployed && vercel.PullRequest is { } pr
                ? settled with { Output = deployed with { PullRequest = pr } }
                : settled;
        }
        catch (ApiException e)
        {
            return StepResult.Of(Outcome.Failed, VercelErrors.Describe(e, clients.Scope, $"deploy of project '{project.Project}'"));
        }
        catch (UnresolvedOutputException e)
        {
            return StepResult.Of(Outcome.Failed, $"{e.Message}; nothing was deployed");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled while hashing, uploading or creating: a deployment created by then is cancelled by the wait.
            return StepResult.Of(Outcome.Cancelled, "cancelled before a Vercel deployment was ready");
        }
    }

    /// <summary>
    /// The create request: production is created without its custom domains (<c>autoAssignCustomDomains: false</c>) so
    /// they switch only when the verified deployment is promoted.
    /// </summary>
    private static VercelCreateDeployment Body(DeployVercelProjectStep step, IReadOnlyList<VercelFile>? files, string? redeployOf = null)
    {
        var project = step.Project;
        return new VercelCreateDeployment(project.Project, project.Project, files, project.Production ? "production" : null,
            project.Env.Count == 0 ? null : project.Env, Meta(step), redeployOf, project.Production ? false : null);
    }

    /// <summary>
    /// A promotion that cannot promote as it is: Vercel builds the recorded files again with this project's settings,
    /// by their SHAs when the release recorded them (another project: nothing to upload, Vercel has them), else by the
    /// recorded deployment's id (same project). Nothing is uploaded or built here either way.
    /// </summary>
    private async Task<StepResult> RedeployAsync(VercelClients clients, DeployVercelProjectStep step, string recorded, string because, string? previous,
        CancellationToken cancellationToken)
    {
        var files = step.RecordedFiles;
        VercelDeployment created;
        try
        {
            created = await clients.Deployments.CreateAsync(files is null ? Body(step, null, recorded) : Body(step, files), step.Project.Prebuilt ? 1 : null, cancellationToken);
        }
        catch (ApiException e) when (VercelErrors.Parse(e) is { Code: "missing_files", Missing: { } missing })
        {
            return StepResult.Of(Outcome.Failed, $"Vercel no longer has {missing.Count} of the {files?.Count} files {recorded} was built from; " +
                "deploy production from that commit's checkout instead");
        }
        var how = files is null
            ? $"redeployed the files of {recorded}, not promoted as it is: {because}; "
            : $"redeployed the {files.Count} recorded files of {recorded} by SHA (nothing uploaded), not promoted as it is: {because}; ";
        return await SettleAsync(clients, step, new VercelUpload.Created(created, 0, 0), previous, files, cancellationToken, how);
    }

    /// <summary>Rollback of a preview environment (staging): its aliases go back to the recorded deployment; production is not touched.</summary>
    private static async Task<StepResult> RealiasAsync(VercelClients clients, DeployVercelProjectStep step, string recorded, CancellationToken cancellationToken)
    {
        var deployment = await clients.Deployments.GetAsync(recorded, cancellationToken);
        foreach (var alias in step.Project.Aliases)
            await clients.Aliases.AssignAsync(recorded, new VercelAliasRequest(alias), cancellationToken);
        return new StepResult(Outcome.Succeeded, $"{(step.Project.Aliases.Count == 0 ? "no alias to move" : string.Join(", ", step.Project.Aliases) + " back")} on {recorded}",
            new VercelDeployed(recorded, "https://" + deployment.Url, false, 0, null));
    }

    /// <summary>
    /// Waits for READY; a production deployment is then checked on its own URL and only promoted (its domains switch)
    /// once it answers as expected. A failed check leaves production and its domains where they were.
    /// </summary>
    private async Task<StepResult> SettleAsync(VercelClients clients, DeployVercelProjectStep step, VercelUpload.Created created, string? previous,
        IReadOnlyList<VercelFile>? files, CancellationToken cancellationToken, string how = "")
    {
        var project = step.Project;
        var id = created.Deployment.Id;
        (VercelWaitVerdict Verdict, VercelDeployment Deployment) settled;
        try
        {
            // Production's domains are not assigned before the promote, so READY is all there is to wait for.
            settled = await new VercelWait(clients.Deployments, time, pollInterval)
                .UntilSettledAsync(id, false, TimeSpan.FromMinutes(project.TimeoutMinutes), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await clients.Deployments.CancelAsync(id, CancellationToken.None);
            return StepResult.Of(Outcome.Cancelled, $"cancelled; Vercel deployment {id} cancelled");
        }
        var deployment = settled.Deployment;
        switch (settled.Verdict)
        {
            case VercelWaitVerdict.TimedOut:
                await clients.Deployments.CancelAsync(id, CancellationToken.None);
                return StepResult.Of(Outcome.TimedOut, $"deployment {id} not ready after {project.TimeoutMinutes} min ({deployment.ReadyState}); cancelled");
            case VercelWaitVerdict.Failed or VercelWaitVerdict.Canceled:
                var events = await clients.Deployments.EventsAsync(id, 40, CancellationToken.None);
                var forensics = string.Join('\n', events.TakeLast(20).Select(e => e.Text).Where(t => !string.IsNullOrEmpty(t)));
                return new StepResult(Outcome.Failed, $"deployment {id} ended {deployment.ReadyState}" +
                    (deployment.ErrorMessage is { } why ? $": {why}" : ""), Forensics: forensics);
        }
        var url = "https://" + deployment.Url;
        if (project.Production)
        {
            if (await check.FailureAsync(deployment.Url ?? "", project.Check, cancellationToken) is { } failure)
                return StepResult.Of(Outcome.Failed, $"deployment {id} is READY but failed its check, so it was not promoted and production still serves " +
                    $"{previous ?? "nothing"}: {failure}");
            await clients.Projects.PromoteAsync(project.Project, id, cancellationToken);
        }
        foreach (var alias in project.Aliases)
            await clients.Aliases.AssignAsync(id, new VercelAliasRequest(alias), cancellationToken);
        var uploaded = created.Uploaded == 0 ? "nothing uploaded" : $"{created.Uploaded} files uploaded ({created.UploadedBytes} bytes)";
        var live = project.Production ? $"production {url} checked and promoted" : $"preview {url} ready";
        return new StepResult(Outcome.Succeeded, $"{how}{live}; {uploaded}",
            new VercelDeployed(id, url, project.Production, created.Uploaded, previous) { Files = files });
    }

    // Vercel's Git integration tags a pull request's previews with githubPrId; so do we, so its dashboard groups them alike.
    private static Dictionary<string, string> Meta(DeployVercelProjectStep step) => step.PullRequest is { } pr
        ? new() { ["deployer"] = step.Id, ["githubPrId"] = pr.ToString(System.Globalization.CultureInfo.InvariantCulture) }
        : new() { ["deployer"] = step.Id };

    private static async Task<StepResult> PointProductionAsync(VercelClients clients, DeployVercelProjectStep step, string recorded, string? previous, CancellationToken cancellationToken)
    {
        if (previous == recorded)
            return new StepResult(Outcome.Unchanged, $"production already serves {recorded}", new VercelDeployed(recorded, "", true, 0, previous));
        if (step.Rollback) await clients.Projects.RollbackAsync(step.Project.Project, recorded, cancellationToken);
        else await clients.Projects.PromoteAsync(step.Project.Project, recorded, cancellationToken);
        var deployment = await clients.Deployments.GetAsync(recorded, cancellationToken);
        return new StepResult(Outcome.Succeeded, step.Rollback ? $"rolled back production to {recorded}" : $"promoted {recorded} to production as it is (no rebuild)",
            new VercelDeployed(recorded, "https://" + deployment.Url, true, 0, previous));
    }

    private static async Task<string?> ProductionOfAsync(VercelClients clients, string project, CancellationToken cancellationToken)
    {
        try
        {
            var found = await clients.Projects.GetAsync(project, cancellationToken);
            return found.Targets?.GetValueOrDefault("production")?.Id;
        }
        catch (ApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound && clients.Scope.Team is null)
        {
            return null; // a first deployment creates the project; a 404 under a team is the scope's fault and is reported
        }
    }

    public async Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken)
    {
        var vercel = (DeployVercelProjectStep)step;
        if (completed.OutputAs<VercelDeployed>() is not { Production: true, PreviousProduction: { } previous } deployed || previous == deployed.DeploymentId)
            return null;
        var clients = clientsFor(vercel.Project);
        try
        {
            await clients.Projects.PromoteAsync(vercel.Project.Project, previous, cancellationToken);
            return StepResult.Of(Outcome.RolledBack, $"production of '{vercel.Project.Project}' back on {previous}");
        }
        catch (ApiException e)
        {
            return StepResult.Of(Outcome.Failed, VercelErrors.Describe(e, clients.Scope, "rollback"));
        }
    }
}
