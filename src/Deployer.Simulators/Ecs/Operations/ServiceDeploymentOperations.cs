using System.Text.Json.Nodes;
using Deployer.Simulators.Ecs.Protocol;
using Deployer.Simulators.Ecs.Rendering;
using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>ListServiceDeployments, DescribeServiceDeployments, StopServiceDeployment, DescribeServiceRevisions.</summary>
internal static class ServiceDeploymentOperations
{
    public const string RollbackRequested = "Rollback requested by StopServiceDeployment.";
    public const string AbortRequested = "Stop requested by StopServiceDeployment (ABORT).";

    public static JsonObject List(EcsState state, JsonObject request)
    {
        var reference = request.RequiredStr("service");
        var service = state.Service(state.ClusterFor(request.Str("cluster"), reference), reference);
        var statuses = request.StrList("status");
        var createdAt = request.Obj("createdAt");
        var after = createdAt?.Time("after");
        var before = createdAt?.Time("before");
        var matching = state.ServiceDeployments
            .Where(sd => sd.Service == service)
            .Where(sd => statuses is null || statuses.Count == 0 || statuses.Contains(sd.Status))
            .Where(sd => after is null || sd.CreatedAt >= after)
            .Where(sd => before is null || sd.CreatedAt <= before)
            .Reverse()
            .OrderByDescending(sd => sd.CreatedAt)
            .ToList();
        var (page, next) = Paging.Page(matching, request, 20, 100);
        return new JsonObject { ["serviceDeployments"] = Json.Array(page.Select(ServiceDeploymentJson.Brief)) }.With("nextToken", next);
    }

    public static JsonObject Describe(EcsState state, JsonObject request)
    {
        var arns = request.StrList("serviceDeploymentArns");
        if (arns is null || arns.Count is 0 or > 20) throw EcsError.InvalidParameter("serviceDeploymentArns should have between 1 and 20 entries.");
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var arn in arns)
        {
            if (state.ServiceDeployments.FirstOrDefault(sd => sd.Arn == arn) is { } sd) found.Add(ServiceDeploymentJson.Render(state, sd));
            else failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
        }
        return new JsonObject { ["serviceDeployments"] = found, ["failures"] = failures };
    }

    /// <summary>
    /// ROLLBACK: PENDING / IN_PROGRESS → ROLLBACK_REQUESTED → ROLLBACK_IN_PROGRESS → ROLLBACK_SUCCESSFUL.
    /// ABORT: → STOP_REQUESTED → STOPPED, leaving the tasks as they are. Stopping one already stopping is a no-op.
    /// </summary>
    public static JsonObject Stop(EcsState state, JsonObject request)
    {
        var arn = request.RequiredStr("serviceDeploymentArn");
        var stopType = request.Str("stopType") ?? "ROLLBACK";
        if (stopType is not ("ROLLBACK" or "ABORT")) throw EcsError.InvalidParameter($"Invalid stopType: {stopType}. Valid values are ABORT and ROLLBACK.");
        var sd = state.ServiceDeployments.FirstOrDefault(s => s.Arn == arn) ?? throw EcsError.ServiceDeploymentNotFound();
        if (sd.IsTerminal) throw EcsError.Conflict($"The service deployment is already {sd.Status} and cannot be stopped.");
        if (sd.Status is "PENDING" or "IN_PROGRESS")
        {
            var now = state.Now;
            sd.Target.Launching = false;
            sd.Target.Touch(now);
            if (stopType == "ROLLBACK")
            {
                sd.SetStatus("ROLLBACK_REQUESTED", now, RollbackRequested);
            }
            else
            {
                sd.SetStatus("STOP_REQUESTED", now, AbortRequested);
                sd.Target.RolloutState = "FAILED";
                sd.Target.RolloutStateReason = $"ECS deployment {sd.Target.Id} stopped.";
            }
        }
        return new JsonObject { ["serviceDeploymentArn"] = sd.Arn };
    }

    /// <summary>
    /// Answers a PAUSE hook awaiting action: CONTINUE lets the stage end (once its other hooks did too), ROLLBACK marks
    /// the hook FAILED and rolls back like StopServiceDeployment ROLLBACK. Only an IN_PROGRESS deployment can be continued.
    /// </summary>
    public static JsonObject Continue(EcsState state, JsonObject request)
    {
        var arn = request.RequiredStr("serviceDeploymentArn");
        var hookId = request.RequiredStr("hookId");
        var action = request.Str("action") ?? "CONTINUE";
        if (action is not ("CONTINUE" or "ROLLBACK")) throw EcsError.InvalidParameter($"Invalid action: {action}. Valid values are CONTINUE and ROLLBACK.");
        var sd = state.ServiceDeployments.FirstOrDefault(s => s.Arn == arn) ?? throw EcsError.ServiceDeploymentNotFound();
        var hook = sd.Hooks.FirstOrDefault(h => h.HookId == hookId) ?? throw EcsError.InvalidParameter($"The lifecycle hook {hookId} does not exist for this service deployment.");
        if (sd.Status != "IN_PROGRESS") throw EcsError.Client($"The service deployment is {sd.Status}; only an IN_PROGRESS deployment can be continued.");
        if (hook.TargetType != "PAUSE" || hook.Status != "AWAITING_ACTION")
            throw EcsError.Client($"The lifecycle hook {hookId} is {hook.Status}, not AWAITING_ACTION.");
        var now = state.Now;
        if (action == "CONTINUE")
        {
            hook.Status = "SUCCEEDED";
            sd.Touch(now);
        }
        else
        {
            hook.Status = "FAILED";
            Engine.LifecycleHooks.RequestRollback(sd, now, RollbackByHook);
        }
        return new JsonObject { ["serviceDeploymentArn"] = sd.Arn };
    }

    public const string RollbackByHook = "Rollback requested by ContinueServiceDeployment.";

    public static JsonObject DescribeRevisions(EcsState state, JsonObject request)
    {
        var arns = request.StrList("serviceRevisionArns");
        if (arns is null || arns.Count is 0 or > 20) throw EcsError.InvalidParameter("serviceRevisionArns should have between 1 and 20 entries.");
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var arn in arns)
        {
            if (state.Revisions.TryGetValue(arn, out var revision)) found.Add(ServiceDeploymentJson.Revision(revision));
            else failures.Add(new JsonObject { ["arn"] = arn, ["reason"] = "MISSING" });
        }
        return new JsonObject { ["serviceRevisions"] = found, ["failures"] = failures };
    }
}
