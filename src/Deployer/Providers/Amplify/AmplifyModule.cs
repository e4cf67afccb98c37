using Deployer.Artifacts;
using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.Amplify;

/// <summary>
/// Amplify Hosting manual deploys: the build folder's contents zipped deterministically, kept by content in an S3 bucket,
/// deployed through CreateDeployment/StartDeployment and checked at the branch URL; rollback and promotion redeploy a kept zip.
/// </summary>
public sealed class AmplifyModule : IProviderModule
{
    public const string Id = "amplify";

    public static readonly Section<IReadOnlyList<AmplifyAppSpec>> Apps =
        new(SectionScope.Environment, "amplify", "Amplify Hosting apps deployed from a build output folder.", []);

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(BuildAmplifyAppStep), typeof(DeployAmplifyAppStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Apps];

    public bool Deploys(EnvironmentSpec environment) => Apps.Of(environment).Count > 0;

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) => Deploys(environment);

    public bool NeedsAws(ProviderRequest request) => request.Plan.Steps.OfType<DeployAmplifyAppStep>().Any();

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
        {
            var apps = Apps.Of(env);
            for (var i = 0; i < apps.Count; i++)
            {
                var at = ConfigPath.Index($"{path}.amplify", i);
                if (apps[i].Url is { } url) check.Url(url, $"{at}.url");
                if (string.IsNullOrWhiteSpace(apps[i].AppId)) check.Report($"{at}.appId", "names no Amplify app");
                if (string.IsNullOrWhiteSpace(apps[i].Branch)) check.Report($"{at}.branch", "names no branch");
                if (string.IsNullOrWhiteSpace(apps[i].Artifact)) check.Report($"{at}.artifact", "names no folder");
                if (string.IsNullOrWhiteSpace(apps[i].ArtifactBucket) || apps[i].ArtifactBucket.Contains('/'))
                    check.Report($"{at}.artifactBucket", "must name an S3 bucket (no s3:// and no path)");
                if (apps[i].TimeoutMinutes <= 0) check.Report($"{at}.timeoutMinutes", "must be at least 1 minute");
            }
        }
    }

    public void Plan(PlanContext context)
    {
        var apps = Apps.Of(context.Environment);
        for (var i = 0; i < apps.Count; i++)
        {
            var app = apps[i];
            var id = $"deploy-amplify:{app.AppId}/{app.Branch}";
            var path = ConfigPath.Index($"environments.{context.EnvironmentName}.amplify", i);
            var references = OutputReference.In(app.BuildEnv, $"{path}.buildEnv", context);
            // A promoted build that bakes in stack outputs is built again: the source's zip holds the source environment's values.
            var recorded = SiteBuildStep.Rebuilds(context.Mode, app.Build, references) ? null : RecordedZip(context, id, app);
            string[] dependsOn = [];
            if (recorded is null && app.Build is { } command)
            {
                var build = new BuildAmplifyAppStep($"build-amplify:{app.AppId}/{app.Branch}", [], command, app.Artifact, $"{path}.artifact")
                    { Env = app.BuildEnv, Secrets = app.BuildSecrets, EnvSetting = $"{path}.buildEnv", References = references };
                context.Add(build, PlanPhase.Artifact);
                dependsOn = [build.Id];
            }
            context.Add(new DeployAmplifyAppStep(id, dependsOn, app)
            {
                ConfigPath = path,
                RecordedZip = recorded,
                Rollback = context.Mode == PlanMode.Rollback,
            }, PlanPhase.Deploy);
        }
    }

    /// <summary>
    /// The zip a promotion or rollback ships again: the step's own target (rollback), else the source environment's
    /// target for the same app (a promotion from the staging branch to the production branch), else its only Amplify target.
    /// </summary>
    private static string? RecordedZip(PlanContext context, string id, AmplifyAppSpec app)
    {
        if (context.Source?.Targets is not { } targets) return null;
        if (targets.GetValueOrDefault(id) is { } own) return own;
        var amplify = targets.Where(t => t.Key.StartsWith("deploy-amplify:", StringComparison.Ordinal)).ToArray();
        var sameApp = amplify.Where(t => t.Key.StartsWith($"deploy-amplify:{app.AppId}/", StringComparison.Ordinal)).ToArray();
        return sameApp.Length == 1 ? sameApp[0].Value : amplify.Length == 1 ? amplify[0].Value : null;
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        if (record.Result.OutputAs<AmplifyDeployed>() is not { } deployed) return;
        release.Target(record.Step.Id, deployed.Zip);
        release.Urls([deployed.Url]);
    }

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        var steps = context.Steps<DeployAmplifyAppStep>();
        if (steps.Count == 0) return Task.CompletedTask;
        var root = Path.GetFullPath(context.Request.DescriptionDirectory);
        // Bad input stops the run before any change: a folder Amplify would deploy as a site of 404s, or none at all.
        var problems = steps.Where(s => s.RecordedZip is null && !SiteBuildStep.Defers(s.App.Build, s.App.Artifact, root))
            .Select(s => AmplifyZip.Problem(Path.GetFullPath(s.App.Artifact, root)) is { } problem ? $"{s.ConfigPath}.artifact: {problem}" : null)
            .OfType<string>().ToArray();
        if (problems.Length > 0 && !context.DryRun) context.Problem(Id, string.Join("; ", problems));
        var artifacts = context.Aws is { } aws ? new AmplifyArtifacts(aws.S3) : null;
        context.Add(new AmplifyPreviewer(root, context.Aws?.Amplify, artifacts));
        if (context.DryRun) return Task.CompletedTask;
        context.Add(SiteBuildHandler.For(Id, root, context, folder => AmplifyZip.Problem(folder) is { } problem ? $"cannot be deployed: {problem}" : null));
        var clients = context.Aws;
        if (clients is null || artifacts is null) return Task.CompletedTask;
        // The site check follows redirects, as a browser would; the pool lives as long as the run.
        var transport = context.Own(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = true });
        var site = new AmplifySiteCheck(context.Own(new HttpClient(transport, disposeHandler: false)), context.Time, TimeSpan.FromSeconds(3));
        context.Add(new AmplifyStepHandler(clients.Amplify, artifacts, site, root, context.Time));
        return Task.CompletedTask;
    }
}
