using System.Text.Json.Nodes;
using Deployer.Aws.Ecs;
using Deployer.Providers.Ecs;

namespace Deployer.Tests.Providers.Ecs;

/// <summary>The pure parts of smoke tests: judging answers, joining hooks, and when the wait hands over to the smoke test.</summary>
public class SmokeDecisionTests
{
    private const string Url = "http://test.example/health";
    private static readonly SmokeCheck Health = new() { Name = "health", Path = "/health", Contains = "ok", MaxLatencyMs = 500 };

    private static SmokeAnswer Ok(int ms = 20) => new(200, "status: ok", TimeSpan.FromMilliseconds(ms));

    public static TheoryData<string, SmokeAnswer[], int, string?> Answers() => new()
    {
        { "every answer as expected passes", [Ok(), Ok(), Ok()], 3, null },
        { "one 500 among passes fails and says how many", [Ok(), new(500, "boom", TimeSpan.FromMilliseconds(5)), Ok()], 3, "1 of 3 request(s) failed: answered 500, expected 200" },
        { "a body without the text fails", [new(200, "status: degraded", TimeSpan.FromMilliseconds(5))], 1, "1 of 1 request(s) failed: answered 200 without \"ok\" in the body (\"status: degraded\")" },
        { "a slow answer fails on latency", [Ok(), Ok(730)], 2, "1 of 2 request(s) failed: answered in 730 ms, over the 500 ms limit" },
        { "no answer at all fails with the reason", [new(null, "", TimeSpan.FromSeconds(1), "Connection refused")], 1, "1 of 1 request(s) failed: Connection refused" },
        { "requests never sent fail", [Ok()], 3, "only 1 of 3 request(s) sent: the hook's timeout passed" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void A_check_passes_only_when_every_request_passes(string _, SmokeAnswer[] answers, int expected, string? reason) =>
        Assert.Equal(reason, SmokeJudge.Judge(Health, Url, answers, expected, "the hook's timeout passed"));

    [Fact]
    public void The_report_puts_the_failing_check_on_one_screen()
    {
        var report = new SmokeReport("http://test.example", [
            new SmokeCheckResult(Health, Url, [Ok(12), Ok(30)], null),
            new SmokeCheckResult(Health with { Name = "orders" }, "http://test.example/orders", [new(503, "", TimeSpan.FromMilliseconds(4))], "1 of 1 request(s) failed: answered 503, expected 200"),
        ]);

        Assert.False(report.Passed);
        Assert.Equal("orders: GET http://test.example/orders 1 of 1 request(s) failed: answered 503, expected 200", report.Reason);
        Assert.Equal("""
            Smoke test on the test listener http://test.example:
              ✓ health: GET http://test.example/health — 2 request(s) passed (slowest 30 ms)
              ✗ orders: GET http://test.example/orders — 1 of 1 request(s) failed: answered 503, expected 200 (slowest 4 ms)
            """.ReplaceLineEndings("\n"), report.Screen().ReplaceLineEndings("\n"));
    }

    private static readonly DeploymentLifecycleHook Lambda = new()
    {
        TargetType = "AWS_LAMBDA",
        HookTargetArn = "arn:aws:lambda:us-east-1:123456789012:function:warm",
        RoleArn = "arn:aws:iam::123456789012:role/hooks",
        LifecycleStages = ["PRE_SCALE_UP"],
    };

    private static readonly SmokeSpec Smoke = new() { TestUrl = "http://test.example", TimeoutMinutes = 10, Checks = [Health] };

    [Fact]
    public void Deployers_hook_joins_the_hooks_of_others_and_replaces_only_its_own()
    {
        var older = SmokeHook.Of(Smoke with { TimeoutMinutes = 30 });
        var teamPause = new DeploymentLifecycleHook { TargetType = "PAUSE", LifecycleStages = ["PRE_PRODUCTION_TRAFFIC_SHIFT"], HookDetails = new JsonObject { ["approver"] = "ops" } };

        var merged = SmokeHook.Merge([Lambda, older, teamPause], [SmokeHook.Of(Smoke)]);

        Assert.Equal([Lambda, teamPause, SmokeHook.Of(Smoke)], merged);
        Assert.Equal("PAUSE at POST_TEST_TRAFFIC_SHIFT (smoke test, rollback after 10 min)", SmokeHook.Describe([SmokeHook.Of(Smoke)]));
    }

    [Fact]
    public void Without_smoke_Deployers_hook_is_removed_and_the_others_stay()
    {
        Assert.Equal([Lambda], SmokeHook.Merge([SmokeHook.Of(Smoke), Lambda], null));
        Assert.Empty(SmokeHook.Merge([SmokeHook.Of(Smoke)], null)!);
        Assert.Null(SmokeHook.Merge(null, null));
        Assert.True(SmokeHook.Same([Lambda], SmokeHook.Merge([Lambda], null)));
    }

    private const string Ours = "arn:aws:ecs:us-east-1:123456789012:task-definition/api:8";

    private static DeploymentSnapshot AtStage(string status, string stage, bool answers, params LifecycleHookDetail[] hooks) => new(
        new ServiceDeployment { ServiceDeploymentArn = "arn:sd", Status = status, LifecycleStage = stage, LifecycleHookDetails = hooks },
        new EcsService { ServiceName = "api", ServiceArn = "arn:svc", TaskDefinition = Ours }, Ours, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30), answers);

    private static readonly LifecycleHookDetail Awaiting = new("ecs-pause-1", "PAUSE", null, "AWAITING_ACTION", DateTimeOffset.UnixEpoch, "ROLLBACK");

    [Fact]
    public void The_wait_hands_over_only_at_an_awaiting_pause_hook_after_the_test_traffic_shift_of_a_deploy_with_smoke()
    {
        var handOver = DeploymentDecision.Evaluate(AtStage("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", true, Awaiting));
        Assert.Equal(WaitVerdict.AtSmokeHook, handOver.Verdict);
        Assert.Equal("ecs-pause-1", handOver.Hook?.HookId);

        Assert.Equal(WaitVerdict.Wait, DeploymentDecision.Evaluate(AtStage("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", false, Awaiting)).Verdict);
        Assert.Equal(WaitVerdict.Wait, DeploymentDecision.Evaluate(AtStage("IN_PROGRESS", "PRE_SCALE_UP", true, Awaiting)).Verdict);
        Assert.Equal(WaitVerdict.Wait, DeploymentDecision.Evaluate(AtStage("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", true, Awaiting with { Status = "SUCCEEDED" })).Verdict);
        Assert.Equal(WaitVerdict.Wait, DeploymentDecision.Evaluate(AtStage("ROLLBACK_REQUESTED", "POST_TEST_TRAFFIC_SHIFT", true, Awaiting)).Verdict);
    }

    [Fact]
    public void A_rollback_after_a_hook_timed_out_says_so()
    {
        var decision = DeploymentDecision.Evaluate(AtStage("ROLLBACK_SUCCESSFUL", "POST_TEST_TRAFFIC_SHIFT", true, Awaiting with { Status = "TIMED_OUT" }));

        Assert.Equal(WaitVerdict.RolledBack, decision.Verdict);
        Assert.Equal("the PAUSE lifecycle hook ecs-pause-1 timed out and ECS rolled back", decision.Reason);
    }
}
