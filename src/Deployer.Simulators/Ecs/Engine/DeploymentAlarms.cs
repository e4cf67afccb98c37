using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Engine;

/// <summary>
/// deploymentConfiguration.alarms at run time: while a service deployment is IN_PROGRESS (bake time included) ECS
/// watches its alarms; one in ALARM sets the deployment's alarms status to TRIGGERED and fails it, rolling back to the
/// last completed revision when <c>rollback</c> is true (else the deployment stops).
/// </summary>
internal static class DeploymentAlarms
{
    /// <summary>The reason ECS gives, naming the alarms that fired.</summary>
    public static string Reason(IEnumerable<string> alarmNames) => $"CloudWatch alarm(s) in ALARM: {string.Join(", ", alarmNames)}.";

    /// <summary>Whether an alarm fired and the deployment left IN_PROGRESS because of it.</summary>
    public static bool Triggered(EcsState state, ServiceDeploymentRecord sd, DateTimeOffset now)
    {
        if (sd.AlarmsStatus != "MONITORING" || sd.DeploymentConfiguration["alarms"] is not JsonObject alarms) return false;
        var names = (alarms["alarmNames"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToList();
        var firing = names.Where(state.Alarms.InAlarm).ToList();
        if (firing.Count == 0) return false;

        var reason = Reason(firing);
        sd.AlarmsStatus = "TRIGGERED";
        sd.TriggeredAlarmNames.AddRange(firing);
        var target = sd.Target;
        target.Launching = false;
        target.RolloutState = "FAILED";
        target.RolloutStateReason = $"ECS deployment {target.Id} failed: {reason}";
        target.Touch(now);
        sd.Service.AddEvent(now, $"(deployment {target.Id}) deployment failed: alarm detected.");
        if (alarms["rollback"]?.GetValue<bool>() == true)
        {
            ServiceDeployments.StartRollback(state, sd, now, reason);
            return true;
        }
        sd.SetStatus("STOPPED", now, reason);
        sd.FinishedAt = sd.StoppedAt = now;
        return true;
    }
}
