using Deployer.Simulators.Ecs.State;

namespace Deployer.Simulators.Ecs.Engine;

/// <summary>One tick of simulated time: tasks move by their schedule, service deployments by their stages, then the scheduler reacts.</summary>
internal sealed class EcsEngine(EcsState state)
{
    private Exception? _failure;

    /// <summary>The exception that broke a tick, if any; requests answer 500 from then on so that a test cannot miss it.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    public void Tick()
    {
        lock (state.Gate)
        {
            if (_failure is not null) return;
            try
            {
                var now = state.Now;
                foreach (var task in state.Tasks) TaskLifecycle.Advance(task, now, state.Options);
                ServiceScheduler.CountFailures(state, now);
                foreach (var sd in state.ServiceDeployments.Where(sd => !sd.IsTerminal).ToList()) DeploymentLifecycle.Advance(state, sd, now);
                foreach (var service in state.Services.Values.Where(s => s.Status != "INACTIVE")) ServiceScheduler.Reconcile(state, service, now);
                PruneStoppedTasks();
            }
            catch (Exception exception)
            {
                Volatile.Write(ref _failure, exception);
            }
        }
    }

    private void PruneStoppedTasks()
    {
        var stopped = state.Tasks.Count(t => t.LastStatus == "STOPPED");
        var excess = stopped - state.Options.StoppedTasksKept;
        if (excess <= 0) return;
        var drop = state.Tasks.Where(t => t.LastStatus == "STOPPED" && (t.Service is null || t.Failure is null || t.FailureCounted)).OrderBy(t => t.StoppedAt).Take(excess).ToHashSet();
        state.Tasks.RemoveAll(drop.Contains);
    }
}
