using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers;

/// <summary>What a run asks its providers for.</summary>
/// <param name="DescriptionDirectory">Paths in the description are relative to it.</param>
/// <param name="DryRun">Providers hand out read-only adapters, and previewers only.</param>
/// <param name="Log">Progress of a step, for the console.</param>
public sealed record ProviderRequest(DeployDescription Description, DeployPlan Plan, string DescriptionDirectory, bool DryRun, Action<Step, string> Log);

/// <summary>The handlers and previewers available to one run, and notes on what could not be set up (shown in dry runs).</summary>
public sealed record ProviderSet(IReadOnlyList<IStepHandler> Handlers, IReadOnlyList<IStepPreviewer> Previewers, IReadOnlyList<string> Notes)
{
    public static ProviderSet Empty { get; } = new([], [], []);
}

/// <summary>Builds the providers for a run; the edge where AWS clients, container engines and the like are created.</summary>
public interface IProviderFactory
{
    ProviderSet Create(ProviderRequest request);
}

/// <summary>A factory with no providers: plans print, and executing refuses before any change.</summary>
public sealed class NoProviders : IProviderFactory
{
    public ProviderSet Create(ProviderRequest request) => ProviderSet.Empty;
}
