using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Aws.Ecs;
using Deployer.Config;
using Deployer.Providers.Ecs;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Migrations;

/// <summary>How long a migration task may run, and how long a run queues behind another run's.</summary>
public sealed record MigrationTaskOptions(TimeSpan Timeout, TimeSpan QueueTimeout)
{
    public static MigrationTaskOptions Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30));
}

/// <summary>Where migration tasks run: the release's app and environment, its AWS account, and each service's app container.</summary>
/// <param name="Containers">Service name → the container that runs the app image (the service's <c>container</c>, default its name).</param>
public sealed record MigrationTaskTarget(string App, string Environment, AwsSpec Aws, IReadOnlyDictionary<string, string> Containers);

/// <summary>
/// Runs <see cref="MigrateStep"/>s with <c>runOn: ecsTask</c>: registers a <c>-migrate</c> copy of the service's task
/// definition running the release's image by digest and the migration command, with the connection injected by ECS
/// from Secrets Manager or SSM (never read here, never in a request); waits its turn behind other runs' migration
/// tasks, runs the task in the service's network, and passes or fails the release on its exit code.
/// </summary>
public sealed class EcsTaskMigrationStepHandler(
    IEcsApi ecs,
    IEcrApi ecr,
    MigrationTaskTarget target,
    TimeProvider time,
    PollingOptions polling,
    MigrationTaskOptions options,
    Action<Step, string> log) : IStepHandler
{
    public bool Handles(Step step) => step is MigrateStep { Spec.RunOn: MigrationRunner.EcsTask };

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var migrate = (MigrateStep)step;
        if (migrate.Connection.Env is { } variable)
            return StepResult.Of(Outcome.Failed,
                $"the migration task cannot receive its connection from env:{variable}: ECS injects secrets only from Secrets Manager or SSM, " +
                "and sending the value in the RunTask request would expose it in CloudTrail and in the task's description; " +
                "reference the connection with 'secretsManager' or 'ssm' instead");
        if (migrate is not { Cluster: { } cluster, TaskService: { } serviceName, TaskImage: { } taskImage })
            return StepResult.Of(Outcome.Failed, "the migration task needs the environment's cluster, a service to borrow from and the image to run");
        try
        {
            var (request, definition, image) = await RegisterAsync(step, migrate, cluster, serviceName, taskImage, state, cancellationToken);
            var result = await RunInTurnAsync(new OneOffTask(ecs, time, polling, message => log(step, message)), request, step, cancellationToken);
            return result with
            {
                Message = "migration " + result.Message,
                Output = (result.OutputAs<TaskRan>() ?? new TaskRan(null)) with { TaskDefinition = request.TaskDefinition, Image = image },
                Forensics = result.Outcome == Outcome.Succeeded
                    ? result.Forensics
                    : (result.Forensics + LogsHint(definition, request.Container, result.OutputAs<TaskRan>()?.Task)).Trim() is { Length: > 0 } text ? text : null,
            };
        }
        catch (Exception e) when (e is EcsDeployException or TaskDefinitionException or MigrationException or AwsServiceException)
        {
            return StepResult.Of(Outcome.Failed, e.Message);
        }
    }

    /// <summary>Registers the <c>-migrate</c> task definition from the service's and returns how to run it.</summary>
    private async Task<(OneOffTaskRequest Request, JsonObject Definition, string Image)> RegisterAsync(Step step, MigrateStep migrate, string cluster,
        string serviceName, ImageRef taskImage, ExecutionState state, CancellationToken cancellationToken)
    {
        var image = await ReleaseImage.ByDigestAsync(taskImage, state, ecr, cancellationToken);
        var service = await ecs.DescribeServiceAsync(cluster, serviceName, cancellationToken)
                      ?? throw new EcsDeployException($"service '{serviceName}' is not on cluster {cluster}: the migration task borrows its task definition and network");
        var container = target.Containers.GetValueOrDefault(serviceName) ?? serviceName;
        var command = MigrationTaskDefinition.CommandFor(migrate.Spec);
        var definition = MigrationTaskDefinition.Render(await ecs.DescribeTaskDefinitionAsync(service.TaskDefinition, cancellationToken),
            new MigrationTaskSettings(container, image, command, migrate.Spec.ConnectionVariable,
                TaskDefinitionTemplate.ValueFrom(migrate.Connection, target.Aws.Region, target.Aws.Account)));
        var registered = (string?)(await ecs.RegisterTaskDefinitionAsync(definition, cancellationToken))["taskDefinitionArn"]
                         ?? throw new EcsDeployException("ECS RegisterTaskDefinition returned no taskDefinitionArn");
        log(step, $"registered {DeploymentDecision.Short(registered)}: `{string.Join(' ', command)}` in {image}");
        var request = new OneOffTaskRequest(cluster, registered, container, [], new Dictionary<string, string>(), service.NetworkConfiguration,
            options.Timeout, MigrationTaskQueue.Marker(target.App, target.Environment)) { LaunchType = service.LaunchType };
        return (request, definition, image);
    }

    /// <summary>An app rollback does not undo a schema change.</summary>
    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null);

    /// <summary>Waits while another run's migration task runs, starts ours, and yields when another started at the same moment.</summary>
    private async Task<StepResult> RunInTurnAsync(OneOffTask task, OneOffTaskRequest request, Step step, CancellationToken cancellationToken)
    {
        var queued = time.GetUtcNow();
        string? waitingFor = null;
        while (true)
        {
            var ahead = MigrationTaskQueue.Ahead(await RunningAsync(request, cancellationToken), null);
            if (ahead is null)
            {
                var startedAt = time.GetUtcNow();
                var started = await task.StartAsync(request, cancellationToken);
                // Not cancellable: a cancellation here would leave the task running; WaitAsync stops it on cancellation.
                ahead = MigrationTaskQueue.Ahead(await RunningAsync(request, CancellationToken.None), started.TaskArn);
                if (ahead is null) return await task.WaitAsync(request, started.TaskArn, startedAt, cancellationToken);
                await task.StopAsync(request.Cluster, started.TaskArn, $"Deployer: migration task {DeploymentDecision.Short(ahead.TaskArn)} started first", CancellationToken.None);
            }

            var waited = time.GetUtcNow() - queued;
            if (waited >= options.QueueTimeout)
                return new StepResult(Outcome.TimedOut,
                    $"migration task {DeploymentDecision.Short(ahead.TaskArn)} of another run was still running after {options.QueueTimeout.TotalMinutes:0.#} min; this release did not migrate",
                    new TaskRan(null, WaitedFor: ahead.TaskArn));
            if (ahead.TaskArn != waitingFor)
                log(step, $"waiting for migration task {DeploymentDecision.Short(ahead.TaskArn)} of another run ({ahead.LastStatus}, started by {request.StartedBy}) to finish");
            waitingFor = ahead.TaskArn;
            await Task.Delay(polling.IntervalAfter(waited), time, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<EcsTask>> RunningAsync(OneOffTaskRequest request, CancellationToken cancellationToken)
    {
        var arns = await ecs.ListTasksAsync(request.Cluster, null, request.StartedBy, "RUNNING", cancellationToken);
        return arns.Count == 0 ? [] : await ecs.DescribeTasksAsync(request.Cluster, arns, cancellationToken);
    }

    /// <summary>Where the task's output is, when it logs to CloudWatch: the first place to look after a failed migration.</summary>
    private static string LogsHint(JsonObject definition, string container, string? taskArn)
    {
        var app = definition["containerDefinitions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => (string?)c["name"] == container);
        if (app?["logConfiguration"] is not JsonObject logging || (string?)logging["logDriver"] != "awslogs") return "";
        if ((string?)logging["options"]?["awslogs-group"] is not { } group) return "";
        // awslogs names a task's stream <prefix>/<container>/<task id>.
        var stream = (string?)logging["options"]?["awslogs-stream-prefix"] is { } prefix && taskArn is not null
            ? $", stream {prefix}/{container}/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}"
            : "";
        return $"\nlogs: CloudWatch group {group}{stream}";
    }
}
