using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Tests.Support;

/// <summary>A step that stands in for another provider's (a push, a deploy) in orchestration tests.</summary>
public sealed record StandInStep(string Id, IReadOnlyList<string> DependsOn, string ProviderName = "stand-in") : Step(Id, DependsOn)
{
    public override string Provider => ProviderName;
    public override string Summary => $"stand-in {Id}";
}

/// <summary>Runs the steps <paramref name="handles"/> picks with a canned result, recording which ran.</summary>
public sealed class StubStepHandler(Func<Step, bool> handles, Func<Step, StepResult>? result = null) : IStepHandler
{
    private readonly List<string> _ran = [];

    public IReadOnlyList<string> Ran
    {
        get { lock (_ran) return _ran.ToArray(); }
    }

    public bool Handles(Step step) => handles(step);

    public Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        lock (_ran) _ran.Add(step.Id);
        return Task.FromResult(result?.Invoke(step) ?? StepResult.Of(Outcome.Succeeded, "done"));
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null);
}

/// <summary>A provider factory that hands every plan the same set (stub handlers), for run-level tests.</summary>
public sealed class StandInProviders(Deployer.Providers.ProviderSet set) : Deployer.Providers.IProviderFactory
{
    public Task<Deployer.Providers.ProviderSet> CreateAsync(Deployer.Providers.ProviderRequest request, CancellationToken cancellationToken) => Task.FromResult(set);
}

/// <summary>An execution log that keeps nothing.</summary>
public sealed class NullExecutionLog : IExecutionLog
{
    public void StepStarted(Step step) { }
    public void StepFinished(Step step, StepResult result, TimeSpan duration) { }
    public void Compensating(Step step) { }
}
