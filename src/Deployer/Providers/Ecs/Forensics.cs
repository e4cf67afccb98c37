using System.Text;
using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>
/// Why an ECS deploy did not succeed, on one screen: service events since the deploy began, stopped tasks of the new
/// task definition with their reasons and exit codes, circuit breaker and alarm state.
/// </summary>
public static class Forensics
{
    private const int MaximumEvents = 15;
    private const int MaximumTasks = 5;

    /// <summary>Reads what is needed and renders it; never throws (forensics must not hide the original failure).</summary>
    public static async Task<string> CollectAsync(IEcsApi ecs, string cluster, string service, string taskDefinitionArn,
        ServiceDeployment? deployment, DateTimeOffset since, CancellationToken cancellationToken)
    {
        try
        {
            var current = await ecs.DescribeServiceAsync(cluster, service, cancellationToken);
            var stoppedArns = await ecs.ListTasksAsync(cluster, service, null, "STOPPED", cancellationToken);
            var stopped = stoppedArns.Count == 0 ? [] : await ecs.DescribeTasksAsync(cluster, stoppedArns.Take(100).ToArray(), cancellationToken);
            return Render(current, stopped, taskDefinitionArn, deployment, since);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"(could not read the service's events and tasks: {e.Message})";
        }
    }

    /// <summary>The forensics text from what was read. Pure.</summary>
    public static string Render(EcsService? service, IReadOnlyList<EcsTask> stoppedTasks, string taskDefinitionArn, ServiceDeployment? deployment, DateTimeOffset since)
    {
        // ECS stamps events with its own clock; the deployment's createdAt is on that clock, the runner's may be skewed.
        since = deployment?.CreatedAt ?? since;
        var text = new StringBuilder();
        if (deployment is not null)
        {
            text.AppendLine($"Service deployment: {deployment.Status}{(deployment.StatusReason is null ? "" : " — " + deployment.StatusReason)}");
            if (deployment.DeploymentCircuitBreaker is { } breaker && breaker.Status != "DISABLED")
                text.AppendLine($"Circuit breaker: {breaker.Status}, {breaker.FailureCount} failed task(s) of a threshold of {breaker.Threshold}");
            if (deployment.Alarms is { TriggeredAlarmNames.Count: > 0 } alarms)
                text.AppendLine($"Alarms triggered: {string.Join(", ", alarms.TriggeredAlarmNames)}");
            if (deployment.Rollback is { } rollback)
                text.AppendLine($"Rollback: {rollback.Reason ?? "started"}" + (rollback.ServiceRevisionArn is null ? "" : $" (to {DeploymentDecision.Short(rollback.ServiceRevisionArn)})"));
        }
        if (service is not null)
        {
            foreach (var d in service.Deployments.Where(d => d.RolloutState == "FAILED" || d.FailedTasks > 0))
                text.AppendLine($"Deployment {d.Id} ({DeploymentDecision.Short(d.TaskDefinition)}): {d.RolloutState} — {d.FailedTasks} failed task(s){(d.RolloutStateReason is null ? "" : ": " + d.RolloutStateReason)}");
            var events = service.Events.Where(e => e.CreatedAt >= since).OrderBy(e => e.CreatedAt).ToArray();
            if (events.Length > 0)
            {
                text.AppendLine($"Service events since the deploy began ({events.Length}{(events.Length > MaximumEvents ? $", last {MaximumEvents}" : "")}):");
                foreach (var e in events.TakeLast(MaximumEvents))
                    text.AppendLine($"  {e.CreatedAt:HH:mm:ss} {e.Message}");
            }
        }
        var tasks = stoppedTasks.Where(t => t.TaskDefinitionArn == taskDefinitionArn && (t.StoppedAt ?? t.CreatedAt ?? since) >= since)
            .OrderByDescending(t => t.StoppedAt).ToArray();
        if (tasks.Length > 0)
        {
            text.AppendLine($"Stopped tasks of {DeploymentDecision.Short(taskDefinitionArn)} ({tasks.Length}{(tasks.Length > MaximumTasks ? $", newest {MaximumTasks}" : "")}):");
            foreach (var task in tasks.Take(MaximumTasks))
            {
                text.AppendLine($"  task {DeploymentDecision.Short(task.TaskArn)}: {task.StopCode ?? "stopped"} — {task.StoppedReason ?? "no reason given"}");
                foreach (var container in task.Containers.Where(c => c.ExitCode is not null || c.Reason is not null))
                    text.AppendLine($"    container {container.Name}: exit code {container.ExitCode?.ToString() ?? "none"}{(container.Reason is null ? "" : " — " + container.Reason)}");
            }
        }
        return text.Length == 0 ? "(ECS reported no events or stopped tasks for this deploy)" : text.ToString().TrimEnd();
    }
}
