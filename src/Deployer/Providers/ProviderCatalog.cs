using Deployer.Execution;

namespace Deployer.Providers;

/// <summary>The step handlers this version can execute. Providers are added here as they land; a plan whose steps
/// have no handler is refused before anything changes.</summary>
public static class ProviderCatalog
{
    public static IReadOnlyList<IStepHandler> Available { get; } = [];
}
