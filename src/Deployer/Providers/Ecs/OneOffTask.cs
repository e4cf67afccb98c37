using Deployer.Aws.Ecs;
using Deployer.Execution;

namespace Deployer.Providers.Ecs;

/// <summary>A one-off ECS task (a migration, a job): what to run and how long it may take.</summary>
/// <param name="TaskDefinition">Family, family:revision or ARN (a service's task definition, usually).</param>
/// <param name="Container">Container whose exit code decides the outcome; its command and environment are overridden when given.</param>
/// <param name="Command">Command override; empty keeps the task definition's.</param>
/// <param name="Environment">Plain variables added by override; never secrets (RunTask requests are visible in CloudTrail).</param>
/// <param name="NetworkConfiguration">awsvpc configuration, typically borrowed from the service (<see cref="EcsService.NetworkConfiguration"/>).</param>
/// <param name="StartedBy">Marks the task, so that ListTasks finds it (e.g. concurrent migrations).</param>
public sealed record OneOffTaskRequest(
    string Cluster,
    string TaskDefinition,
    string Container,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    System.Text.Json.Nodes.JsonObject? NetworkConfiguration,
    TimeSpan Timeout,
    string StartedBy = "deployer")
{
    /// <summary>FARGATE by default; null lets the cluster's capacity provider strategy decide.</summary>
    public string? LaunchType { get; init; } = "FARGATE";
}

/// <summary>
/// Runs a one-off task and waits for it to stop, returning the container's exit code (fabfuel #84, aws-actions #54):
/// exit code 0 is Succeeded, anything else Failed with the stopped reason. A task that outlives its timeout, or whose
/// run is cancelled, is stopped with StopTask rather than left running unobserved.
/// </summary>
public sealed class OneOffTask(IEcsApi ecs, TimeProvider time, PollingOptions polling, Action<string> log)
{
    /// <summary>How long a StopTask may take once the run's own token is cancelled.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    public async Task<StepResult> RunAsync(OneOffTaskRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var task = await StartAsync(request, cancellationToken);
        return await WaitAsync(request, task.TaskArn, started, cancellationToken);
    }

    /// <summary>RunTask; returns the started task.</summary>
    public async Task<EcsTask> StartAsync(OneOffTaskRequest request, CancellationToken cancellationToken)
    {
        var overridden = request.Command.Count > 0 || request.Environment.Count > 0;
        var tasks = await ecs.RunTaskAsync(new RunTaskRequest
        {
            Cluster = request.Cluster,
            TaskDefinition = request.TaskDefinition,
            LaunchType = request.LaunchType,
            NetworkConfiguration = request.NetworkConfiguration,
            ContainerOverrides = overridden
                ? [new ContainerOverride(request.Container, request.Command.Count > 0 ? request.Command : null, request.Environment.Count > 0 ? request.Environment : null)]
                : [],
            StartedBy = request.StartedBy,
        }, cancellationToken);
        var task = tasks.Single();
        log($"started task {DeploymentDecision.Short(task.TaskArn)}");
        return task;
    }

    /// <summary>Polls until the task stops; past <see cref="OneOffTaskRequest.Timeout"/> (from <paramref name="started"/>) or on cancellation, stops it.</summary>
    public async Task<StepResult> WaitAsync(OneOffTaskRequest request, string taskArn, DateTimeOffset started, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var task = (await ecs.DescribeTasksAsync(request.Cluster, [taskArn], cancellationToken)).Single();
                if (task.LastStatus == "STOPPED") return Finished(task, request.Container);
                if (time.GetUtcNow() - started >= request.Timeout)
                {
                    var why = $"task {DeploymentDecision.Short(taskArn)} still {task.LastStatus} after {Duration(request.Timeout)}";
                    var stopped = await TryStopAsync(request.Cluster, taskArn, $"Deployer: {why}", cancellationToken);
                    return new StepResult(Outcome.TimedOut, $"{why}; {stopped}", new TaskRan(taskArn));
                }
                await Task.Delay(polling.IntervalAfter(time.GetUtcNow() - started), time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over, but the task would go on changing things nobody watches.
            using var grace = new CancellationTokenSource(StopGrace, time);
            await TryStopAsync(request.Cluster, taskArn, "Deployer: the release was cancelled", grace.Token);
            throw;
        }
    }

    /// <summary>StopTask that reports rather than throws: a failed stop must not hide why the task was being stopped.</summary>
    private async Task<string> TryStopAsync(string cluster, string taskArn, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await StopAsync(cluster, taskArn, reason, cancellationToken);
            return "stopped it";
        }
        catch (Exception e)
        {
            log($"could not stop task {DeploymentDecision.Short(taskArn)}: {e.Message}");
            return $"stopping it failed ({e.Message}): stop it by hand";
        }
    }

    /// <summary>StopTask, logged.</summary>
    public async Task<EcsTask> StopAsync(string cluster, string taskArn, string reason, CancellationToken cancellationToken)
    {
        log($"stopping task {DeploymentDecision.Short(taskArn)}: {reason}");
        return await ecs.StopTaskAsync(cluster, taskArn, reason, cancellationToken);
    }

    private static string Duration(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? $"{span.TotalSeconds:0.#} s" : $"{span.TotalMinutes:0.#} min";

    /// <summary>The outcome of a stopped task. Pure.</summary>
    public static StepResult Finished(EcsTask task, string container)
    {
        var exitCode = task.Containers.FirstOrDefault(c => c.Name == container)?.ExitCode;
        var outputs = new TaskRan(task.TaskArn, exitCode);
        if (exitCode == 0)
            return new StepResult(Outcome.Succeeded, $"task {DeploymentDecision.Short(task.TaskArn)} exited with code 0", outputs);
        var why = exitCode is null
            ? $"task {DeploymentDecision.Short(task.TaskArn)} stopped before container {container} ran: {task.StopCode} — {task.StoppedReason}"
            : $"task {DeploymentDecision.Short(task.TaskArn)} exited with code {exitCode}";
        var forensics = $"stop code: {task.StopCode ?? "none"}\nstopped reason: {task.StoppedReason ?? "none"}\n" +
                        string.Join('\n', task.Containers.Select(c => $"container {c.Name}: exit code {c.ExitCode?.ToString() ?? "none"}{(c.Reason is null ? "" : " — " + c.Reason)}"));
        return new StepResult(Outcome.Failed, why, outputs, forensics);
    }
}
