using Deployer.Aws;
using Deployer.Config;
using Deployer.Ecs;
using Deployer.Images;
using Deployer.Migrations;
using Deployer.Planning;
using Deployer.Rds;
using Deployer.Secrets;

namespace Deployer.Providers;

/// <summary>Knobs of the standard providers that tests and unusual setups change; every default suits real AWS.</summary>
public sealed record ProviderOptions
{
    public static ProviderOptions Default { get; } = new();

    public PollingOptions Polling { get; init; } = PollingOptions.Default;

    /// <summary>Test transport for AWS calls (a recording handler); null uses the network.</summary>
    public HttpMessageHandler? AwsTransport { get; init; }

    /// <summary>Container engine settings; null reads DEPLOYER_CONTAINER_* from the environment.</summary>
    public ContainerEngineOptions? ContainerEngine { get; init; }

    /// <summary>How long a verify check waits between attempts.</summary>
    public TimeSpan VerifyInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>docker, podman or buildah, as the --container-engine parameter gives it; null detects.</summary>
    public string? ContainerEngineName { get; init; }

    /// <summary>RDS polling and the snapshot timeout.</summary>
    public SnapshotOptions Snapshot { get; init; } = SnapshotOptions.Default;

    /// <summary>Timeouts of <c>runOn: ecsTask</c> migrations.</summary>
    public MigrationTaskOptions MigrationTask { get; init; } = MigrationTaskOptions.Default;
}

/// <summary>
/// The providers this version ships: images (build, push to ECR), ECS services, RDS snapshots and migrations (on the
/// runner or as ECS tasks). AWS clients are created for the environment's region from the injected environment; in a
/// dry run the ECS client is read-only and RDS is only described.
/// </summary>
public sealed class StandardProviders(IReadOnlyDictionary<string, string> environment, SecretValues secrets, TimeProvider time, ProviderOptions options)
    : IProviderFactory
{
    public async Task<ProviderSet> CreateAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var steps = request.Plan.Steps;
        var needsImages = steps.Any(s => s is BuildImageStep or PushImageStep);
        var migrations = steps.OfType<MigrateStep>().ToArray();
        var taskMigrations = migrations.Where(m => m.Spec.RunOn == MigrationRunner.EcsTask).ToArray();
        // A dry run reads a runner migration's connection too, to show the SQL that would run against the database.
        var needsAws = steps.Any(s => s is DeployEcsServiceStep or PromoteImageStep or SnapshotDatabaseStep) || (needsImages && RegistryOf(request).Kind == RegistryKind.Ecr) ||
                       migrations.Any(m => m.Connection.SecretsManager is not null) || (!request.DryRun && taskMigrations.Length > 0);
        var problems = new Dictionary<string, string>();
        var verifies = !request.DryRun && steps.Any(s => s is VerifyStep);
        if (!needsAws && !needsImages && migrations.Length == 0 && !verifies) return ProviderSet.Empty;

        AwsClients? aws = null;
        if (needsAws)
        {
            try
            {
                aws = AwsClients.FromEnvironment(environment, request.Plan.Aws?.Region, time, options.AwsTransport);
            }
            catch (AwsCredentialsMissingException) when (request.DryRun)
            {
                problems["live state not read"] = "no AWS credentials, so the plan is not compared with what is live";
                return new ProviderSet([], [], problems);
            }
            catch (AwsConfigurationException e)
            {
                problems[request.DryRun ? "live state not read" : "aws"] = e.Message;
                return new ProviderSet([], [], problems);
            }
        }

        var handlers = new List<Execution.IStepHandler>();
        var previewers = new List<Execution.IStepPreviewer>();
        if (aws is not null && request.Plan.Aws is { } account && steps.Any(s => s is DeployEcsServiceStep))
        {
            var ecs = request.DryRun ? new Aws.Ecs.ReadOnlyEcsApi(aws.Ecs) : aws.Ecs;
            var handler = new EcsStepHandler(ecs, aws.Ecr, account, request.DescriptionDirectory, time, options.Polling, request.Log);
            handlers.Add(handler);
            previewers.Add(handler);
        }
        if (needsImages && !request.DryRun)
        {
            var registry = RegistryOf(request);
            if (registry.Kind != RegistryKind.Ecr)
                problems["registry"] = $"registry kind '{Text.Naming.CamelCase(registry.Kind.ToString())}' is not available yet in this version of Deployer";
            else
            {
                var runner = new ContainerCommandRunner(_ => { }, secrets);
                try
                {
                    var engineOptions = options.ContainerEngine ?? ContainerEngineFromEnvironment();
                    if (options.ContainerEngineName is { } chosen) engineOptions = engineOptions with { Engine = chosen };
                    var engine = engineOptions.Engine is { } name
                        ? ContainerEngineDetector.Create(name, engineOptions)
                        : await ContainerEngineDetector.DetectAsync(engineOptions, runner, cancellationToken);
                    var ecr = new EcrRegistry(aws!.Ecr, secrets, environment.GetValueOrDefault("DEPLOYER_ECR_REGISTRY"), registry.ImmutableTags);
                    ImagePublisher PublisherFor(Step step) => new(engine, new ContainerCommandRunner(line => request.Log(step, line), secrets));
                    handlers.Add(new ImageStepHandler(ecr, PublisherFor, request.DescriptionDirectory,
                        environment.GetValueOrDefault("GITHUB_SERVER_URL") is { } server && environment.GetValueOrDefault("GITHUB_REPOSITORY") is { } repo ? $"{server}/{repo}" : null,
                        request.Log, secrets));
                }
                catch (ContainerEngineException e)
                {
                    problems["container"] = e.Message;
                }
            }
        }
        if (!request.DryRun && aws is not null && steps.Any(s => s is PromoteImageStep))
        {
            var registry = new EcrRegistry(aws.Ecr, secrets, environment.GetValueOrDefault("DEPLOYER_ECR_REGISTRY"), RegistryOf(request).ImmutableTags);
            handlers.Add(new PromoteStepHandler(aws.Ecr, registry, RegistryTransport, request.Log));
        }
        if (aws is not null && steps.Any(s => s is SnapshotDatabaseStep))
        {
            var release = new SnapshotRelease(request.Plan.App, request.Plan.Environment, request.Plan.GitSha);
            var snapshots = new SnapshotStepHandler(aws.Rds, release, time, options.Snapshot, request.Log);
            // A dry run only describes the instance: the handler, which creates snapshots, is not handed out.
            if (!request.DryRun) handlers.Add(snapshots);
            previewers.Add(snapshots);
        }
        var databaseSecrets = new SecretResolver(environment, secrets, aws is null ? null : () => aws.SecretsManager);
        if (migrations.Length > 0 && !request.DryRun)
            handlers.Add(new Migrations.MigrationStepHandler(databaseSecrets, request.DescriptionDirectory, request.Log));
        if (migrations.Length > 0 && request.DryRun)
            previewers.Add(new Migrations.MigrationPreviewer(databaseSecrets, request.DescriptionDirectory));
        if (aws is not null && request.Plan.Aws is { } target && taskMigrations.Length > 0 && !request.DryRun)
        {
            var services = request.Description.Environments[request.Plan.Environment].Services;
            var containers = services.ToDictionary(s => s.Name, s => s.Container ?? s.Name, StringComparer.Ordinal);
            handlers.Add(new EcsTaskMigrationStepHandler(aws.Ecs, aws.Ecr, new MigrationTaskTarget(request.Plan.App, request.Plan.Environment, target, containers),
                time, options.Polling, options.MigrationTask, request.Log));
        }
        if (verifies) handlers.Add(new Verify.VerifyStepHandler(VerifyTransport, time, options.VerifyInterval, request.Log));
        return new ProviderSet(handlers, previewers, problems) { Resources = aws is null ? [] : [aws] };
    }

    /// <summary>The public URLs' connection pool; redirects are followed, as a browser would.</summary>
    private static readonly HttpMessageHandler VerifyTransport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = true };

    /// <summary>One connection pool for registry copies of the process's runs.</summary>
    private static readonly HttpMessageHandler RegistryTransport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    private static RegistrySpec RegistryOf(ProviderRequest request) =>
        request.Description.Environments[request.Plan.Environment].Registry ?? new RegistrySpec();

    /// <summary>DEPLOYER_CONTAINER_ENGINE (docker, podman, buildah), _STORAGE_DRIVER, _ROOT, _RUNROOT, _ISOLATION.</summary>
    private ContainerEngineOptions ContainerEngineFromEnvironment() => new()
    {
        Engine = environment.GetValueOrDefault("DEPLOYER_CONTAINER_ENGINE"),
        StorageDriver = environment.GetValueOrDefault("DEPLOYER_CONTAINER_STORAGE_DRIVER"),
        Root = environment.GetValueOrDefault("DEPLOYER_CONTAINER_ROOT"),
        RunRoot = environment.GetValueOrDefault("DEPLOYER_CONTAINER_RUNROOT"),
        Isolation = environment.GetValueOrDefault("DEPLOYER_CONTAINER_ISOLATION"),
    };
}
