using Deployer.Config;
using Deployer.Execution;
using Deployer.Output;
using Deployer.Planning;
using Deployer.Releases;

namespace Deployer.Providers;

/// <summary>
/// A provider: one folder holding its description sections and rules, the steps it plans, their handlers and
/// previewers, its typed step outputs and what it adds to the release record. The pipeline iterates the registered
/// modules (<see cref="ProviderModules.All"/>) and never names a provider.
/// </summary>
public interface IProviderModule : IDescriptionModule, IPlanModule, IReleaseModule
{
    /// <summary>The module's name: what steps report as their <see cref="Step.Provider"/> and what targets select by.</summary>
    string Name { get; }

    /// <summary>The step records this module plans; its handlers run every one of them when <see cref="Available"/>.</summary>
    IReadOnlyList<Type> StepKinds { get; }

    /// <summary>False while only the description shape exists: a plan that needs it stops before any change.</summary>
    bool Available => true;

    /// <summary>Whether the run's AWS clients are needed for these steps (credentials are then resolved once for every module).</summary>
    bool NeedsAws(ProviderRequest request) => false;

    /// <summary>Collections the module always publishes to the actions (written as <c>{}</c> when nothing ran).</summary>
    IReadOnlyList<string> ActionCollections => [];

    /// <summary>What a finished step of the module adds to the actions' outputs (<see cref="ActionOutputs"/>).</summary>
    void Publish(StepRecord record, ActionOutputs outputs) { }

    /// <summary>What a planned step of the module adds to the dry-run action's outputs (nothing ran, so only what the plan knows).</summary>
    void PublishPlanned(Step step, ActionOutputs outputs) { }

    /// <summary>Adds the handlers (and, for a dry run, previewers) for the module's steps in the plan.</summary>
    Task ProvideAsync(ProviderContext context, CancellationToken cancellationToken);
}
