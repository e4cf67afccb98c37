using System.ComponentModel;

namespace Deployer.Providers.Ecs;

/// <summary>
/// Smoke tests on test traffic: ECS pauses a blue/green, canary or linear deployment once the test listener serves the
/// new revision (a PAUSE hook at POST_TEST_TRAFFIC_SHIFT), Deployer runs these checks against the test listener, then
/// continues the deployment or rolls it back before production traffic moves.
/// </summary>
public sealed record SmokeSpec
{
    [Description("Base URL of the load balancer's test listener, which serves the new revision before production traffic moves (e.g. https://api.example.com:8443).")]
    public required string TestUrl { get; init; }

    [Description("Requests sent per check, one after another; every one must pass.")]
    public int Requests { get; init; } = 5;

    [Description("Minutes the deployment may wait at the smoke-test hook; after them ECS rolls back on its own.")]
    public int TimeoutMinutes { get; init; } = 15;

    [Description("Checks run against the test listener.")]
    public IReadOnlyList<SmokeCheck> Checks { get; init; } = [];
}

/// <summary>One smoke check: a path on the test listener and what every answer must be.</summary>
public sealed record SmokeCheck
{
    [Description("Short name shown in the summary.")]
    public required string Name { get; init; }

    [Description("Path and query on the test listener, starting with '/'.")]
    public string Path { get; init; } = "/";

    [Description("Expected HTTP status code.")]
    public int ExpectStatus { get; init; } = 200;

    [Description("Text the response body must contain.")]
    public string? Contains { get; init; }

    [Description("Longest time one answer may take, in milliseconds (default: no limit).")]
    public int? MaxLatencyMs { get; init; }
}
