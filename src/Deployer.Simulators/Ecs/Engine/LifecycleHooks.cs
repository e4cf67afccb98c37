using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Engine;

/// <summary>
/// deploymentConfiguration.lifecycleHooks at run time: the hooks of a stage start when the deployment enters it, and
/// the stage ends only when all of them let it (both PAUSE and AWS_LAMBDA hooks at one stage must complete).
/// A PAUSE hook past its expiresAt is TIMED_OUT and ECS takes its timeout action.
/// </summary>
internal static class LifecycleHooks
{
    public const string TimedOutReason = "Lifecycle hook {0} timed out: rolling back.";

    /// <summary>Starts the hooks configured for the stage the deployment just entered.</summary>
    public static void Enter(EcsState state, ServiceDeploymentRecord sd, DateTimeOffset now)
    {
        if (sd.DeploymentConfiguration["lifecycleHooks"] is not JsonArray hooks) return;
        foreach (var hook in hooks.OfType<JsonObject>())
        {
            if (hook["lifecycleStages"] is not JsonArray stages || !stages.Any(s => s?.GetValue<string>() == sd.LifecycleStage)) continue;
            var type = hook["targetType"]?.GetValue<string>() ?? "AWS_LAMBDA";
            var minutes = hook["timeoutConfiguration"]?["timeoutInMinutes"]?.GetValue<int>();
            sd.Hooks.Add(new LifecycleHookRecord(HookId(type), sd.LifecycleStage!, type, hook["hookTargetArn"]?.GetValue<string>(), now)
            {
                ExpiresAt = minutes is { } m ? now + TimeSpan.FromSeconds(m * 60 * state.Options.HookTimeoutScale) : null,
                TimeoutAction = hook["timeoutConfiguration"]?["action"]?.GetValue<string>() ?? "ROLLBACK",
            });
        }
    }

    /// <summary>
    /// Moves the current stage's hooks on and says whether the stage may end. A timeout with ROLLBACK requests the
    /// rollback (the deployment leaves IN_PROGRESS) and keeps the stage.
    /// </summary>
    public static bool LetStageEnd(EcsState state, ServiceDeploymentRecord sd, DateTimeOffset now)
    {
        var current = sd.Hooks.Where(h => h.Stage == sd.LifecycleStage && h.StartedAt >= sd.StageSince).ToList();
        foreach (var hook in current.Where(h => h.IsOpen))
        {
            if (hook.TargetType == "AWS_LAMBDA" && now - hook.StartedAt >= state.Options.StageDuration)
                hook.Status = "SUCCEEDED"; // no Lambda runs here: the function answers SUCCEEDED
            else if (hook.ExpiresAt is { } expires && now >= expires)
            {
                hook.Status = "TIMED_OUT";
                sd.Touch(now);
                if (hook.TimeoutAction == "ROLLBACK")
                {
                    RequestRollback(sd, now, string.Format(System.Globalization.CultureInfo.InvariantCulture, TimedOutReason, hook.HookId));
                    return false;
                }
            }
        }
        return current.All(h => h.LetsStageEnd);
    }

    /// <summary>What StopServiceDeployment ROLLBACK and ContinueServiceDeployment ROLLBACK have in common.</summary>
    public static void RequestRollback(ServiceDeploymentRecord sd, DateTimeOffset now, string reason)
    {
        sd.Target.Launching = false;
        sd.Target.Touch(now);
        sd.SetStatus("ROLLBACK_REQUESTED", now, reason);
    }

    /// <summary>Pause hook ids look like <c>ecs-pause-</c> and 43 base64url characters.</summary>
    private static string HookId(string type)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (type == "PAUSE" ? "ecs-pause-" : "ecs-lambda-") + id;
    }
}
