using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Vercel.Api;
using Deployer.Releases;
using Deployer.Secrets;

namespace Deployer.Providers.Vercel;

/// <summary>Vercel projects: content-addressed deployments through the REST API, promotion and rollback without a rebuild.</summary>
public sealed class VercelModule : IProviderModule
{
    public const string Id = "vercel";

    public static readonly Section<IReadOnlyList<VercelProjectSpec>> Projects = new(SectionScope.Environment, "vercel", "Vercel projects.", []);

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeployVercelProjectStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Projects];

    public bool Deploys(EnvironmentSpec environment) => Projects.Of(environment).Count > 0;

    public void Plan(PlanContext context)
    {
        var projects = Projects.Of(context.Environment);
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            var id = $"deploy-vercel:{project.Project}";
            var env = $"{ConfigPath.Index($"environments.{context.EnvironmentName}.vercel", i)}.env";
            var references = OutputReference.In(project.Env, env, context);
            // A pull request run previews its change and never touches production.
            var pullRequest = context.Mode == PlanMode.Release ? context.PullRequest : null;
            var step = new DeployVercelProjectStep(id, [], pullRequest is null ? project : project with { Production = false })
            {
                PullRequest = pullRequest,
                References = references,
                EnvSetting = env,
            };
            context.Add(context.Mode switch
            {
                PlanMode.Release => step,
                // Rollback points production at the deployment the recorded release left serving: no rebuild.
                PlanMode.Rollback => step with { RecordedDeployment = context.Source?.Targets.GetValueOrDefault(id), Rollback = true },
                _ => Promotion(context, step, references),
            }, PlanPhase.Deploy);
        }
    }

    /// <summary>
    /// Promotion ships what the source environment verified: its deployment of the same project (promoted as it is, or
    /// built again by Vercel when production builds it otherwise), or, when the source deployed the same folder to
    /// another project, that deployment's recorded files by SHA.
    /// </summary>
    private static DeployVercelProjectStep Promotion(PlanContext context, DeployVercelProjectStep step, IReadOnlyList<OutputReference> references)
    {
        if (context.Source is not { } source) return step;
        var project = step.Project;
        var sourceProjects = context.Description.Environments.GetValueOrDefault(source.Environment) is { } environment ? Projects.Of(environment) : [];
        if (source.Targets.GetValueOrDefault(step.Id) is { } recorded)
            return step with
            {
                RecordedDeployment = recorded,
                // The source's build baked in the source environment's stack outputs, whatever the env's text says.
                RedeployBecause = references.Count > 0
                    ? $"its build-time env reads this environment's stack outputs ({string.Join(", ", references.Select(r => r.Text).Distinct())})"
                    : VercelPromotion.Decide(sourceProjects.FirstOrDefault(p => p.Project == project.Project), project, source.Environment).Redeploy,
            };
        var twin = sourceProjects.Where(p => p.Directory == project.Directory).ToArray() is [var same] ? same
            : sourceProjects is [var only] ? only : null;
        if (twin is null || source.Targets.GetValueOrDefault($"deploy-vercel:{twin.Project}") is not { } deployed) return step;
        return step with
        {
            RecordedDeployment = deployed,
            SourceProject = twin.Project,
            RecordedFiles = VercelRecordedFiles.Read(source.Targets.GetValueOrDefault(VercelRecordedFiles.Key(twin.Project))),
            RedeployBecause = $"{source.Environment} deployed it to project '{twin.Project}', production is project '{project.Project}'",
        };
    }

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, environment, environmentPath) in check.Environments)
            for (var i = 0; i < Projects.Of(environment).Count; i++)
            {
                var project = Projects.Of(environment)[i];
                var path = ConfigPath.Index($"{environmentPath}.vercel", i);
                if (string.IsNullOrWhiteSpace(project.Project)) check.Report($"{path}.project", "names no Vercel project");
                if (string.IsNullOrWhiteSpace(project.Directory)) check.Report($"{path}.directory", "names no folder");
                if (project.TimeoutMinutes <= 0) check.Report($"{path}.timeoutMinutes", "must be at least 1 minute");
            }
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        if (record.Result.OutputAs<VercelDeployed>() is not { } deployed) return;
        // Previews are recorded too: staging's deployment is what a promotion ships to production.
        release.Target(record.Step.Id, deployed.DeploymentId);
        if (record.Step is DeployVercelProjectStep { Project.Project: var project } && deployed.Files is { Count: > 0 } files)
            release.Target(VercelRecordedFiles.Key(project), VercelRecordedFiles.Write(files));
        if (deployed.Url.Length > 0) release.Urls([deployed.Url]);
    }

    public IReadOnlyList<string> ActionCollections { get; } = ["vercel-preview-urls", "vercel-production-urls", "vercel-deployment-ids"];

    /// <summary>
    /// Per project, the URL a pull request can link to (preview) or production now serves, and the deployment id; and
    /// as plain values (the <c>vercel-</c> section of the deploy action) the preview URL and the deployment id of the
    /// run's Vercel deployment (the last one when several projects deploy).
    /// </summary>
    public void Publish(StepRecord record, Output.ActionOutputs outputs)
    {
        if (record.Step is not DeployVercelProjectStep step || record.Result.OutputAs<VercelDeployed>() is not { Url.Length: > 0 } deployed) return;
        outputs.Collect(deployed.Production ? "vercel-production-urls" : "vercel-preview-urls", step.Project.Project, deployed.Url);
        outputs.Collect("vercel-deployment-ids", step.Project.Project, deployed.DeploymentId);
        outputs.Set("vercel-deployment-id", deployed.DeploymentId);
        if (!deployed.Production) outputs.Set("vercel-preview-url", deployed.Url);
    }

    /// <summary>
    /// The dry run's <c>vercel-</c> section: the deployment a Promote or Rollback would point production at (empty when a
    /// promotion builds a new one, or for a release), and no preview URL, since a dry run creates no deployment.
    /// </summary>
    public void PublishPlanned(Step step, Output.ActionOutputs outputs)
    {
        if (step is not DeployVercelProjectStep vercel) return;
        outputs.Set("vercel-preview-url", "");
        outputs.Set("vercel-deployment-id", vercel is { RecordedDeployment: { } id, RedeployBecause: null } ? id : "");
    }

    public async Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var steps = context.Steps<DeployVercelProjectStep>();
        if (steps.Count == 0) return;
        var root = Path.GetFullPath(context.Request.DescriptionDirectory);
        var environment = context.Request.Description.Environments.GetValueOrDefault(context.Plan.Environment);
        string PathOf(DeployVercelProjectStep step)
        {
            var index = environment is null ? -1 : Projects.Of(environment).ToList().FindIndex(p => p.Project == step.Project.Project);
            return ConfigPath.Index($"{ConfigPath.Key("environments", context.Plan.Environment)}.vercel", Math.Max(index, 0));
        }
        // Everything refused before a change, one line each, joined: the run reports the module's problem as one entry.
        var problems = VercelPreflight.LocalProblems(steps, root, PathOf).ToList();
        var token = context.Options.VercelToken ?? context.Environment.GetValueOrDefault("VERCEL_TOKEN") ?? "";
        // Without a token the run refuses before any change (the handler is still there, so the refusal names the token).
        if (string.IsNullOrWhiteSpace(token) && !context.DryRun)
            problems.Add("VERCEL_TOKEN (or --vercel-token) is not set: the Vercel API needs a token");
        context.Secrets.Add(token);
        var secret = new Secret(token);
        var apiUrl = new Uri(context.Environment.GetValueOrDefault("DEPLOYER_VERCEL_API_URL") ?? VercelClients.DefaultApiUrl);
        var clients = new Dictionary<string, VercelClients>(StringComparer.Ordinal);
        VercelClients For(VercelProjectSpec project)
        {
            lock (clients)
            {
                var key = project.Team ?? "";
                if (!clients.TryGetValue(key, out var made))
                    clients[key] = made = context.Own(new VercelClients(apiUrl, secret, new VercelScope(project.Team), context.Time));
                return made;
            }
        }
        if (context.DryRun)
        {
            // With a token the dry run reads what Vercel has (GETs only); without one it counts every file.
            context.Add(new VercelPreviewer(root, string.IsNullOrWhiteSpace(token) ? null : For));
            Report(context, problems);
            return;
        }
        // Token, team and project are asked of Vercel once before the first change, so a wrong one creates nothing.
        if (problems.Count == 0) problems.AddRange(await VercelPreflight.RemoteProblemsAsync(steps, For, PathOf, cancellationToken));
        Report(context, problems);
        // A production deployment is checked on its own URL before it is promoted; DEPLOYER_VERCEL_DEPLOYMENTS_URL sends
        // those requests to a local Vercel (the simulator), VERCEL_AUTOMATION_BYPASS_SECRET passes Deployment Protection.
        var origin = context.Environment.GetValueOrDefault("DEPLOYER_VERCEL_DEPLOYMENTS_URL") is { Length: > 0 } local ? new Uri(local) : null;
        var bypass = context.Environment.GetValueOrDefault("VERCEL_AUTOMATION_BYPASS_SECRET") is { Length: > 0 } protection ? protection : null;
        if (bypass is not null) context.Secrets.Add(bypass);
        var transport = context.Own(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = true });
        var check = new VercelDeploymentCheck(transport, context.Time, context.Options.VerifyInterval, origin, bypass is null ? null : new Secret(bypass));
        context.Add(new VercelStepHandler(For, root, context.Time, check));
    }

    private static void Report(ProviderContext context, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0) context.Problem(Id, string.Join("; ", problems));
    }
}
