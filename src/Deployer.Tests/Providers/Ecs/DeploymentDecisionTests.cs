using Deployer.Aws.Ecs;
using Deployer.Providers.Ecs;

namespace Deployer.Tests.Providers.Ecs;

public class DeploymentDecisionTests
{
    private const string Ours = "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:8";
    private const string Old = "arn:aws:ecs:eu-west-1:123456789012:task-definition/api:7";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    private static EcsService Service(params EcsDeployment[] deployments) =>
        new() { ServiceName = "api", ServiceArn = "arn:svc", TaskDefinition = deployments.FirstOrDefault()?.TaskDefinition ?? Ours, Deployments = deployments };

    private static EcsDeployment Deployment(string status, string taskDefinition, string rollout = "IN_PROGRESS", int running = 0, int desired = 2, int failed = 0, string? reason = null) =>
        new() { Id = "ecs-svc/" + taskDefinition[^1], Status = status, TaskDefinition = taskDefinition, RolloutState = rollout, RunningCount = running, DesiredCount = desired, FailedTasks = failed, RolloutStateReason = reason };

    private static ServiceDeployment ServiceDeployment(string status, string? stage = null, ServiceDeploymentCircuitBreaker? breaker = null, string? reason = null) =>
        new() { ServiceDeploymentArn = "arn:sd", Status = status, LifecycleStage = stage, DeploymentCircuitBreaker = breaker, StatusReason = reason };

    public static TheoryData<string, DeploymentSnapshot, WaitVerdict, string> Cases() => new()
    {
        {
            "in progress keeps waiting and names the stage",
            new(ServiceDeployment("IN_PROGRESS", "SCALE_UP"), Service(Deployment("PRIMARY", Ours), Deployment("ACTIVE", Old)), Ours, TimeSpan.FromMinutes(1), Timeout),
            WaitVerdict.Wait, "IN_PROGRESS (SCALE_UP)"
        },
        {
            "successful on our task definition succeeds",
            new(ServiceDeployment("SUCCESSFUL"), Service(Deployment("PRIMARY", Ours, "COMPLETED", 2)), Ours, TimeSpan.FromMinutes(3), Timeout),
            WaitVerdict.Succeeded, "the service deployment completed on the new task definition"
        },
        {
            "successful but the primary runs the old revision is a rollback, not a success",
            new(ServiceDeployment("SUCCESSFUL"), Service(Deployment("PRIMARY", Old, "COMPLETED", 2)), Ours, TimeSpan.FromMinutes(3), Timeout),
            WaitVerdict.RolledBack, "the service deployment ended but the service runs api:7, not api:8"
        },
        {
            "circuit breaker rollback reports the failure count",
            new(ServiceDeployment("ROLLBACK_SUCCESSFUL", breaker: new("TRIGGERED", 3, 3)), Service(Deployment("PRIMARY", Old, "COMPLETED", 2)), Ours, TimeSpan.FromMinutes(4), Timeout),
            WaitVerdict.RolledBack, "circuit breaker triggered after 3 failed task(s) (threshold 3)"
        },
        {
            "a rollback in progress is waited for even after the timeout",
            new(ServiceDeployment("ROLLBACK_IN_PROGRESS", breaker: new("TRIGGERED", 3, 3)), Service(Deployment("PRIMARY", Old)), Ours, TimeSpan.FromMinutes(45), Timeout),
            WaitVerdict.Wait, "rolling back: circuit breaker triggered after 3 failed task(s) (threshold 3)"
        },
        {
            "a failed rollback is a failure",
            new(ServiceDeployment("ROLLBACK_FAILED", reason: "tasks failed to start"), Service(Deployment("PRIMARY", Old)), Ours, TimeSpan.FromMinutes(5), Timeout),
            WaitVerdict.Failed, "the rollback failed: tasks failed to start"
        },
        {
            "a stopped deployment is a failure",
            new(ServiceDeployment("STOPPED", reason: "stopped by user"), Service(Deployment("PRIMARY", Old)), Ours, TimeSpan.FromMinutes(5), Timeout),
            WaitVerdict.Failed, "the service deployment was stopped: stopped by user"
        },
        {
            "past the timeout an in-progress deployment times out",
            new(ServiceDeployment("IN_PROGRESS", "SCALE_UP"), Service(Deployment("PRIMARY", Ours)), Ours, TimeSpan.FromMinutes(30), Timeout),
            WaitVerdict.TimedOut, "still IN_PROGRESS (SCALE_UP) after 30 min"
        },
        {
            "without service deployments: completed with one deployment succeeds",
            new(null, Service(Deployment("PRIMARY", Ours, "COMPLETED", 2)), Ours, TimeSpan.FromMinutes(2), Timeout),
            WaitVerdict.Succeeded, "the deployment completed on the new task definition"
        },
        {
            "without service deployments: old tasks still draining keeps waiting",
            new(null, Service(Deployment("PRIMARY", Ours, "COMPLETED", 2), Deployment("ACTIVE", Old, "COMPLETED", 1)), Ours, TimeSpan.FromMinutes(2), Timeout),
            WaitVerdict.Wait, "COMPLETED: 2/2 running, 0 pending, 0 failed"
        },
        {
            "without service deployments: primary back on the old revision is a rollback",
            new(null, Service(Deployment("PRIMARY", Old, "IN_PROGRESS", 1), Deployment("ACTIVE", Ours, "FAILED", 0, failed: 3, reason: "ECS deployment circuit breaker: tasks failed to start.")), Ours, TimeSpan.FromMinutes(2), Timeout),
            WaitVerdict.RolledBack, "ECS deployment circuit breaker: tasks failed to start."
        },
        {
            "without service deployments: failed without rollback is a failure",
            new(null, Service(Deployment("PRIMARY", Ours, "FAILED", 0, failed: 4, reason: "tasks failed to start")), Ours, TimeSpan.FromMinutes(2), Timeout),
            WaitVerdict.Failed, "tasks failed to start"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_from_one_snapshot(string _, DeploymentSnapshot snapshot, WaitVerdict verdict, string reason)
    {
        var decision = DeploymentDecision.Evaluate(snapshot);

        Assert.Equal(verdict, decision.Verdict);
        Assert.Equal(reason, decision.Reason);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(29, 1)]
    [InlineData(30, 2)]
    [InlineData(95, 4)]
    [InlineData(3600, 5)]
    public void Polling_starts_fast_and_slows_down_for_long_deployments(int elapsedSeconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), PollingOptions.Default.IntervalAfter(TimeSpan.FromSeconds(elapsedSeconds)));
    }
}

public class ForensicsTests
{
    [Fact]
    public void Events_are_cut_off_by_the_deployment_s_own_clock_not_the_runner_s()
    {
        var ecsNow = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var service = new Deployer.Aws.Ecs.EcsService
        {
            ServiceName = "api", ServiceArn = "arn:svc", TaskDefinition = "arn:td/api:8",
            Events = [new("1", ecsNow.AddMinutes(-5), "(service api) old news"), new("2", ecsNow.AddSeconds(3), "(service api) deployment failed: tasks failed to start.")],
        };
        var deployment = new Deployer.Aws.Ecs.ServiceDeployment { ServiceDeploymentArn = "arn:sd", Status = "ROLLBACK_SUCCESSFUL", CreatedAt = ecsNow };
        var runnerClockAhead = ecsNow.AddSeconds(40);

        var text = Deployer.Providers.Ecs.Forensics.Render(service, [], "arn:td/api:8", deployment, runnerClockAhead);

        Assert.Contains("deployment failed: tasks failed to start.", text);
        Assert.DoesNotContain("old news", text);
    }
}
