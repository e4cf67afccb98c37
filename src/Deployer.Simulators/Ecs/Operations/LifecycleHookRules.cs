using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>What ECS refuses in deploymentConfiguration.lifecycleHooks (shapes and ranges from botocore's ecs model).</summary>
internal static class LifecycleHookRules
{
    private static readonly string[] Stages =
    [
        "RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
        "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT",
    ];

    public static void Check(JsonNode hooks)
    {
        if (hooks is not JsonArray list) throw EcsError.InvalidParameter("lifecycleHooks must be a list.");
        foreach (var item in list)
        {
            if (item is not JsonObject hook) throw EcsError.InvalidParameter("Each lifecycle hook must be an object.");
            var type = hook.Str("targetType") ?? "AWS_LAMBDA";
            if (type is not ("AWS_LAMBDA" or "PAUSE")) throw EcsError.InvalidParameter($"Invalid lifecycle hook targetType: {type}. Valid values are AWS_LAMBDA and PAUSE.");
            if (type == "AWS_LAMBDA" && (hook.Str("hookTargetArn") is null || hook.Str("roleArn") is null))
                throw EcsError.InvalidParameter("An AWS_LAMBDA lifecycle hook requires hookTargetArn and roleArn.");
            if (type == "PAUSE" && hook.Str("hookTargetArn") is not null)
                throw EcsError.InvalidParameter("A PAUSE lifecycle hook has no hookTargetArn.");
            var stages = hook.StrList("lifecycleStages");
            if (stages is null || stages.Count == 0) throw EcsError.InvalidParameter("A lifecycle hook requires at least one lifecycleStages entry.");
            if (stages.FirstOrDefault(s => !Stages.Contains(s)) is { } invalid)
                throw EcsError.InvalidParameter($"Invalid lifecycle stage: {invalid}.");
            if (hook.Obj("timeoutConfiguration") is { } timeout)
            {
                if (timeout.Int("timeoutInMinutes") is < 1 or > 20160)
                    throw EcsError.InvalidParameter("timeoutInMinutes must be between 1 and 20160.");
                if (timeout.Str("action") is { } action && action is not ("CONTINUE" or "ROLLBACK"))
                    throw EcsError.InvalidParameter($"Invalid timeout action: {action}. Valid values are CONTINUE and ROLLBACK.");
            }
        }
    }
}
