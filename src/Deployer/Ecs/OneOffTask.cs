using Deployer.Aws.Ecs;
using Deployer.Execution;

namespace Deployer.Ecs;

/// <summary>A one-off ECS task (a migration, a job): what to run and how long it may take.</summary>
/// <param name="TaskDefinition">Family, family:revision or ARN (a service's task definition, usually).</param>
/// <param name="Container">Container whose command and environment are overridden.</param>
/// <param name="NetworkConfiguration">awsvpc configuration, typically borrowed from the service (<see cref="EcsService.NetworkConfiguration"/>).</param>
public sealed record OneOffTaskRequest(
    string Cluster,
    string TaskDefinition,
    string Container,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    System.Text.Json.Nodes.JsonObject? NetworkConfiguration,
    TimeSpan Timeout,
    string StartedBy = "deployer");

/// <summary>
/// Runs a one-off task and waits for it to stop, returning the container's exit code (fabfuel #84, aws-actions #54):
/// exit code 0 is Succeeded, anything else Failed with the stopped reason. A timeout reports TimedOut; the task itself is
/// left to finish (the port has no StopTask yet).
/// </summary>
public sealed class OneOffTask(IEcsApi ecs, TimeProvider time, PollingOptions polling, Action<string> log)
{
    public async Task<StepResult> RunAsync(OneOffTaskRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var tasks = await ecs.RunTaskAsync(new RunTaskRequest
        {
            Cluster = request.Cluster,
            TaskDefinition = request.TaskDefinition,
            NetworkConfiguration = request.NetworkConfiguration,
            ContainerOverrides = [new ContainerOverride(request.Container, request.Command.Count > 0 ? request.Command : null, request.Environment)],
            StartedBy = request.StartedBy,
        }, cancellationToken);
        var taskArn = tasks.Single().TaskArn;
        log($"started task {DeploymentDecision.Short(taskArn)}");

        while (true)
        {
            var task = (await ecs.DescribeTasksAsync(request.Cluster, [taskArn], cancellationToken)).Single();
            if (task.LastStatus == "STOPPED") return Finished(task, request.Container);
            if (time.GetUtcNow() - started >= request.Timeout)
                return StepResult.Of(Outcome.TimedOut, $"task {DeploymentDecision.Short(taskArn)} still {task.LastStatus} after {request.Timeout.TotalMinutes:0.#} min");
            await Task.Delay(polling.IntervalAfter(time.GetUtcNow() - started), time, cancellationToken);
        }
    }

    /// <summary>The outcome of a stopped task. Pure.</summary>
    public static StepResult Finished(EcsTask task, string container)
    {
        var exitCode = task.Containers.FirstOrDefault(c => c.Name == container)?.ExitCode;
        var outputs = new Dictionary<string, string> { ["task"] = task.TaskArn };
        if (exitCode is { } code) outputs["exit-code"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
