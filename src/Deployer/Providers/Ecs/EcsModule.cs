using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers.Ecs;

/// <summary>ECS Fargate services: one deploy step per service, all in parallel after the gate; a rollback redeploys the recorded task definitions.</summary>
public sealed class EcsModule : IProviderModule
{
    public const string Id = "ecs";

    /// <summary>Default cluster of the environment's services.</summary>
    public static readonly Section<string?> Cluster = new(SectionScope.Environment, "cluster", "Default ECS cluster for 'services'.", null);

    /// <summary>The environment's ECS services.</summary>
    public static readonly Section<IReadOnlyList<EcsServiceSpec>> Services =
        new(SectionScope.Environment, "services", "ECS Fargate services, deployed in parallel after migrations.", []);

    public string Name => Id;
    public IReadOnlyList<Type> StepKinds { get; } = [typeof(DeployEcsServiceStep)];
    public IReadOnlyList<ISection> Sections { get; } = [Cluster, Services];

    public IEnumerable<string> ImagesUsed(DeployDescription description, EnvironmentSpec environment) =>
        Services.Of(environment).Select(s => s.Image).OfType<string>();

    public bool Deploys(EnvironmentSpec environment) => Services.Of(environment).Count > 0;

    public bool UsesAws(DeployDescription description, EnvironmentSpec environment) => Deploys(environment);

    public void Check(DescriptionCheck check)
    {
        foreach (var (_, env, path) in check.Environments)
        {
            var services = Services.Of(env);
            if (Cluster.Of(env) is { } cluster && !EcsNames.IsCluster(cluster)) check.Report($"{path}.cluster", EcsNames.ClusterMessage(cluster));
            for (var i = 0; i < services.Count; i++)
            {
                var service = services[i];
                var servicePath = ConfigPath.Index($"{path}.services", i);
                if (service.Name is { } name && !EcsNames.IsName(name))
                    check.Report($"{servicePath}.name", $"'{name}' is not a valid ECS service name: letters, digits, '-' and '_', up to 255 characters");
                if (service.Cluster is { } own && !EcsNames.IsCluster(own)) check.Report($"{servicePath}.cluster", EcsNames.ClusterMessage(own));
                if (service.DesiredCount is < 0) check.Report($"{servicePath}.desiredCount", $"must be 0 or more, not {service.DesiredCount}");
                if (service.BakeMinutes is < 0) check.Report($"{servicePath}.bakeMinutes", $"must be 0 or more, not {service.BakeMinutes}");
                check.ImageChoice(service.Image, service.ImageUri, servicePath);
                if ((service.Cluster ?? Cluster.Of(env)) is null)
                    check.Report(servicePath, $"service '{service.Name}' has no cluster: set 'cluster' on it or on the environment");
                CheckStrategy(service, servicePath, check);
                SmokeRules.Check(service, servicePath, check);
                if (service.TimeoutMinutes <= 0) check.Report($"{servicePath}.timeoutMinutes", $"must be at least 1 minute, not {service.TimeoutMinutes}");
                foreach (var variable in service.Secrets.Where(s => s.Value.Env is not null).Select(s => s.Key))
                    check.Report(ConfigPath.Key($"{servicePath}.secrets", variable), "ECS injects secrets from Secrets Manager or SSM only; 'env' references cannot reach a task");
            }
            check.Duplicates(services.Select(s => s.Name), $"{path}.services", "service");
        }
    }

    public void Plan(PlanContext context)
    {
        var services = Services.Of(context.Environment);
        for (var i = 0; i < services.Count; i++)
        {
            var service = services[i];
            var id = $"deploy-ecs:{service.Name}";
            var environment = $"{ConfigPath.Index($"environments.{context.EnvironmentName}.services", i)}.environment";
            var image = service.Image is { } name ? context.Images[name] : null;
            context.Add(new DeployEcsServiceStep(id, [], service.Cluster ?? Cluster.Of(context.Environment)!, service, image)
            {
                RecordedTaskDefinition = context.Mode == PlanMode.Rollback ? context.Source?.Targets.GetValueOrDefault(id) : null,
                Container = context.Environment.Aws is { } aws ? EcsContainerSettings.Of(service, image, aws) : null,
                References = OutputReference.In(service.Environment, environment, context),
                EnvironmentSetting = environment,
            }, PlanPhase.Deploy);
        }
    }

    public void Record(StepRecord record, ReleaseBuilder release)
    {
        if (record.Step is not DeployEcsServiceStep deploy) return;
        if (deploy.Image?.Pinned is { } pinned) release.Image(deploy.Image.Name, pinned);
        if (record.Result.OutputAs<ServiceDeployed>() is { } deployed) release.Target(deploy.Id, deployed.TaskDefinition);
        if (record.Result.OutputAs<ServiceDeployed>() is { Smoke: { } smoke }) release.Smoke(deploy.Id, smoke);
    }

    public IReadOnlyList<string> ActionCollections { get; } = ["task-definitions"];

    public void Publish(StepRecord record, Output.ActionOutputs outputs)
    {
        if (record.Step is DeployEcsServiceStep deploy && record.Result.OutputAs<ServiceDeployed>() is { } deployed)
            outputs.Collect("task-definitions", deploy.Service.Name, deployed.TaskDefinition);
    }

    public bool NeedsAws(ProviderRequest request) => true;

    public Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken)
    {
        if (context.Aws is { } aws && context.Plan.Aws is { } account)
        {
            // A dry run gets a client that cannot register or update anything, even by mistake.
            var ecs = context.DryRun ? new Aws.Ecs.ReadOnlyEcsApi(aws.Ecs) : aws.Ecs;
            // Smoke tests reach the test listener like a client would; the pool lives as long as the run.
            var smoke = context.DryRun ? null : context.Own(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            var handler = new EcsStepHandler(ecs, aws.Ecr, aws.ApplicationAutoScaling, account, context.Request.DescriptionDirectory, context.Time, context.Options.Polling, context.Request.Log, smoke);
            context.Add((IStepHandler)handler);
            context.Add((IStepPreviewer)handler);
        }
        return Task.CompletedTask;
    }

    private static void CheckStrategy(EcsServiceSpec service, string path, DescriptionCheck check)
    {
        switch (service.Strategy)
        {
            case EcsStrategy.Canary when service.CanaryPercent is null:
                check.Report($"{path}.canaryPercent", "'strategy: canary' needs 'canaryPercent'");
                break;
            case EcsStrategy.Linear when service.StepPercent is null:
                check.Report($"{path}.stepPercent", "'strategy: linear' needs 'stepPercent'");
                break;
        }
        if (service.CanaryPercent is { } canary && (canary <= 0 || canary >= 100))
            check.Report($"{path}.canaryPercent", "must be between 0 and 100 (exclusive)");
        if (service.StepPercent is { } step && (step <= 0 || step > 100))
            check.Report($"{path}.stepPercent", "must be between 0 and 100");
        if (service.MinimumHealthyPercent is < 0 or > 100)
            check.Report($"{path}.minimumHealthyPercent", "must be between 0 and 100");
        if (service.MaximumPercent is { } maximum && (maximum < 100 || maximum > 200))
            check.Report($"{path}.maximumPercent", "must be between 100 and 200");
        foreach (var (key, message) in EcsDeploymentSettings.SingleWriterConflicts(service))
            check.Report($"{path}.{key}", message);
        if (service.Strategy == EcsStrategy.Rolling && service.BakeMinutes is not null)
            check.Report($"{path}.bakeMinutes", "rolling deployments have no bake time; use blueGreen, canary or linear");
    }
}
