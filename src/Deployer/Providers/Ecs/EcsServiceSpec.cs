using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.Ecs;

/// <summary>An ECS Fargate service and how it rolls out.</summary>
public sealed record EcsServiceSpec
{
    [Description("ECS service name.")]
    public required string Name { get; init; }

    [Description("Cluster (default: the environment's 'cluster').")]
    public string? Cluster { get; init; }

    [Description("Image built by this repository (a key of 'images'). Exclusive with 'imageUri'.")]
    public string? Image { get; init; }

    [Description("An image not built here, e.g. qdrant/qdrant:v1.12.4. Exclusive with 'image'.")]
    public string? ImageUri { get; init; }

    [Description("Task definition JSON file in the repository; without it the live task definition is the template.")]
    public string? TaskDefinition { get; init; }

    [Description("Container whose image, command, environment and secrets are set (default: the service name).")]
    public string? Container { get; init; }

    [Description("Command override (one image, several entrypoints).")]
    public IReadOnlyList<string> Command { get; init; } = [];

    [Description("Plain environment variables for the container; a value may read a stack output deployed earlier in the run: \"{{sam.<stack>.<Output>}}\".")]
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    [Description("Secrets injected by ECS from Secrets Manager or SSM, by variable name.")]
    public IReadOnlyDictionary<string, SecretRef> Secrets { get; init; } = new Dictionary<string, SecretRef>();

    [Description("Number of tasks, sent with each deploy unless an Application Auto Scaling target owns the service (then the live count is kept and the deploy says so; default: keep the live value).")]
    public int? DesiredCount { get; init; }

    [Description("Lower limit of running tasks during a rolling deployment, in percent of desiredCount (default: keep the live value).")]
    public int? MinimumHealthyPercent { get; init; }

    [Description("Upper limit of running tasks during a rolling deployment, in percent of desiredCount (default: keep the live value).")]
    public int? MaximumPercent { get; init; }

    [Description("Never run two tasks at once (one writer on shared storage): stops the old task before the new one starts (minimumHealthyPercent 0, maximumPercent 100).")]
    public bool SingleWriter { get; init; }

    [Description("Rollout strategy.")]
    public EcsStrategy Strategy { get; init; } = EcsStrategy.Rolling;

    [Description("Minutes the new revision bakes before the old one is removed (blueGreen, canary, linear).")]
    public int? BakeMinutes { get; init; }

    [Description("Traffic percentage of the canary step (canary).")]
    public double? CanaryPercent { get; init; }

    [Description("Traffic percentage per step (linear).")]
    public double? StepPercent { get; init; }

    [Description("Smoke tests on the test listener before production traffic moves (blueGreen, canary, linear): a failing check rolls the deployment back.")]
    public SmokeSpec? Smoke { get; init; }

    [Description("Roll back automatically when the deployment circuit breaker trips.")]
    public bool CircuitBreaker { get; init; } = true;

    [Description("CloudWatch alarms that roll the deployment back.")]
    public IReadOnlyList<string> Alarms { get; init; } = [];

    [Description("Minutes to wait for the deployment before it counts as timed out.")]
    public int TimeoutMinutes { get; init; } = 30;

    [Description("Stop a timed-out deployment with a rollback (StopServiceDeployment ROLLBACK).")]
    public bool RollbackOnTimeout { get; init; } = true;
}

public enum EcsStrategy { Rolling, BlueGreen, Canary, Linear }
