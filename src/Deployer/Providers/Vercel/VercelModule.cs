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
            // Promotion and rollback point production at the deployment the recorded release left serving: no rebuild.
            var recorded = context.Mode == PlanMode.Release ? null : context.Source?.Targets.GetValueOrDefault(id);
            // A pull request run previews its change and never touches production.
            var pullRequest = context.Mode == PlanMode.Release ? context.PullRequest : null;
            context.Add(new DeployVercelProjectStep(id, [], pullRequest is null ? project : project with { Production = false })
            {
                PullRequest = pullRequest,
                RecordedDeployment = recorded,
                Rollback = context.Mode == PlanMode.Rollback,
                RedeployBecause = recorded is not null && context.Mode == PlanMode.Promotion ? RedeployReason(context, project, references) : null,
                References = references,
                EnvSetting = env,
            }, PlanPhase.Deploy);
        }
    }

    private static string? RedeployReason(PlanContext context, VercelProjectSpec project, IReadOnlyList<OutputReference> references)
    {
        // The source's build baked in the source environment's stack outputs, whatever the env's text says.
        if (references.Count > 0)
            return $"its build-time env reads this environment's stack outputs ({string.Join(", ", references.Select(r => r.Text).Distinct())})";
        var sourceEnvironment = context.Source!.Environment;
        var source = context.Description.Environments.GetValueOrDefault(sourceEnvironment) is { } environment
            ? Projects.Of(environment).FirstOrDefault(p => p.Project == project.Project)
            : null;
        return VercelPromotion.Decide(source, project, sourceEnvironment).Redeploy;
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
        if (deployed.Url.Length > 0) release.Urls([deployed.Url]);
    }

    public IReadOnlyList<string> ActionCollections { get; } = ["vercel-preview-urls", "vercel-production-urls"];

    /// <summary>Per project, the URL a pull request can link to (preview) or production now serves.</summary>
    public void Publish(StepRecord record, Output.ActionOutputs outputs)
    {
        if (record.Step is DeployVercelProjectStep step && record.Result.OutputAs<VercelDeployed>() is { Url.Length: > 0 } deployed)
            outputs.Collect(deployed.Production ? "vercel-production-urls" : "vercel-preview-urls", step.Project.Project, deployed.Url);
    }

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var steps = context.Steps<DeployVercelProjectStep>();
        if (steps.Count == 0) return Task.CompletedTask;
        var root = Path.GetFullPath(context.Request.DescriptionDirectory);
        foreach (var step in steps.Where(s => s.RecordedDeployment is null))
        {
            var folder = Path.GetFullPath(step.Project.Directory, root);
            var content = step.Project.Prebuilt ? Path.Combine(folder, ".vercel", "output") : folder;
            if (!Directory.Exists(content) || !Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories).Any())
                context.Problem(Id, $"vercel project '{step.Project.Project}': 'directory' {content} has no files to deploy");
        }
        context.Add(new VercelPreviewer(root));
        var token = context.Options.VercelToken ?? context.Environment.GetValueOrDefault("VERCEL_TOKEN") ?? "";
        // Without a token the run refuses before any change (the handler is still there, so the refusal names the token).
        if (string.IsNullOrWhiteSpace(token) && !context.DryRun)
            context.Problem(Id, "VERCEL_TOKEN (or --vercel-token) is not set: the Vercel API needs a token");
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
        if (!context.DryRun) context.Add(new VercelStepHandler(For, root, context.Time));
        return Task.CompletedTask;
    }
}
