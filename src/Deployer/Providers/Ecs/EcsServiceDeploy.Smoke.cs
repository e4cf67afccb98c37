using Deployer.Aws.Ecs;

namespace Deployer.Providers.Ecs;

/// <summary>Smoke test: the deployment sits at Deployer's PAUSE hook; check the test listener, then continue or roll back.</summary>
public sealed partial class EcsServiceDeploy
{
    /// <summary>
    /// Runs the checks until the hook expires, then answers the hook: CONTINUE when every check passed, ROLLBACK when one
    /// failed. When ECS no longer takes the answer (the hook expired meanwhile), its timeout action applies: a rollback.
    /// </summary>
    private async Task<SmokeReport> AnswerSmokeHookAsync(EcsDeployRequest request, string deploymentArn, LifecycleHookDetail hook, CancellationToken cancellationToken)
    {
        var smoke = request.Smoke!;
        var transport = smokeTransport ?? throw new EcsDeployException("smoke tests need an HTTP transport; none was given to this deploy");
        var deadline = hook.ExpiresAt ?? time.GetUtcNow() + TimeSpan.FromMinutes(smoke.TimeoutMinutes);
        log($"paused at {SmokeHook.Stage}: running the smoke test against {smoke.TestUrl} ({smoke.Checks.Count} check(s) × {smoke.Requests} request(s), hook {hook.HookId})");
        var report = await new SmokeTest(transport, time).RunAsync(smoke, deadline, cancellationToken);
        var action = report.Passed ? "CONTINUE" : "ROLLBACK";
        log(report.Passed ? "smoke test passed: continuing the deployment" : $"smoke test failed ({report.Reason}): rolling the deployment back");
        try
        {
            await ecs.ContinueServiceDeploymentAsync(deploymentArn, hook.HookId!, action, cancellationToken);
        }
        catch (Aws.AwsServiceException e)
        {
            log($"ContinueServiceDeployment {action} was refused ({e.Message}); ECS takes the hook's timeout action when it expires");
        }
        return report;
    }

    private static string WithSmoke(SmokeReport? smoke, string forensics) =>
        smoke is null ? forensics : smoke.Screen() + Environment.NewLine + forensics;
}
