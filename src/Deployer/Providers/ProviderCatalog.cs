using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers;

/// <summary>What a run asks its providers for.</summary>
/// <param name="DescriptionDirectory">Paths in the description are relative to it.</param>
/// <param name="DryRun">Providers hand out read-only adapters, and previewers only.</param>
/// <param name="Log">Progress of a step, for the console.</param>
public sealed record ProviderRequest(DeployDescription Description, DeployPlan Plan, string DescriptionDirectory, bool DryRun, Action<Step, string> Log)
{
    /// <summary>Who deploys, for locks and audit logs kept by the targets themselves: the workflow run's URL, else user@machine.</summary>
    public string Owner { get; init; } = "someone@localhost";

    /// <summary>--force-unlock: break the locks kept by the targets themselves too.</summary>
    public bool ForceUnlock { get; init; }

    /// <summary>--lock-wait: how long a run waits for a lock another live run holds.</summary>
    public TimeSpan LockWait { get; init; } = Releases.LockTiming.Default.Wait;
}

/// <summary>The handlers and previewers available to one run.</summary>
/// <param name="Problems">Providers the plan needs that cannot work as configured (no credentials, …), by provider name:
/// executing refuses before any change; a dry run shows them as notes.</param>
public sealed record ProviderSet(IReadOnlyList<IStepHandler> Handlers, IReadOnlyList<IStepPreviewer> Previewers, IReadOnlyDictionary<string, string> Problems)
    : IDisposable
{
    public static ProviderSet Empty { get; } = new([], [], new Dictionary<string, string>());

    /// <summary>What to tell the user about live state in a dry run.</summary>
    public IReadOnlyList<string> Notes => Problems.Select(p => $"{p.Key}: {p.Value}").ToArray();

    /// <summary>Resources the providers hold (HTTP clients), released with the set.</summary>
    public IReadOnlyList<IDisposable> Resources { get; init; } = [];

    public void Dispose()
    {
        foreach (var resource in Resources) resource.Dispose();
    }
}

/// <summary>Builds the providers for a run; the edge where AWS clients, container engines and the like are created.</summary>
public interface IProviderFactory
{
    Task<ProviderSet> CreateAsync(ProviderRequest request, CancellationToken cancellationToken);
}
