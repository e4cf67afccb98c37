using Deployer.Aws;
using Deployer.Execution;
using Deployer.Planning;
using Deployer.Secrets;

namespace Deployer.Providers;

/// <summary>
/// What a module gets to build its handlers for one run: the request, the injected environment, secrets and clock, the
/// run's AWS clients (when a module needed them and they could be made), and the set being filled. Resources a module
/// creates (HTTP transports) are owned by the run and disposed with its <see cref="ProviderSet"/>.
/// </summary>
public sealed class ProviderContext(ProviderRequest request, IReadOnlyDictionary<string, string> environment, SecretValues secrets,
    TimeProvider time, ProviderOptions options, AwsClients? aws)
{
    private readonly List<IStepHandler> _handlers = [];
    private readonly List<IStepPreviewer> _previewers = [];
    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _resources = aws is null ? [] : [aws];

    public ProviderRequest Request => request;
    public DeployPlan Plan => request.Plan;
    public bool DryRun => request.DryRun;
    public IReadOnlyDictionary<string, string> Environment => environment;
    public SecretValues Secrets => secrets;
    public TimeProvider Time => time;
    public ProviderOptions Options => options;

    /// <summary>The run's AWS clients for the environment's region; null when no module needed them.</summary>
    public AwsClients? Aws => aws;

    /// <summary>Reads the run's secret references: environment variables, and Secrets Manager or SSM when the run has AWS clients.</summary>
    public SecretResolver SecretResolver() => new(environment, secrets, aws?.SecretsManagerStore, aws?.SsmStore);

    /// <summary>The plan's steps of one kind.</summary>
    public IReadOnlyList<T> Steps<T>() where T : Step => request.Plan.Steps.OfType<T>().ToArray();

    public void Add(IStepHandler handler) => _handlers.Add(handler);

    public void Add(IStepPreviewer previewer) => _previewers.Add(previewer);

    /// <summary>
    /// Something the plan needs that cannot work as configured: executing refuses before any change; a dry run notes it.
    /// A provider's problems are all kept (joined), so fixing the one shown never reveals another only on the next run.
    /// </summary>
    public void Problem(string provider, string message) =>
        _problems[provider] = _problems.TryGetValue(provider, out var earlier) ? $"{earlier}; {message}" : message;

    /// <summary>Hands a resource to the run, which disposes it at the end.</summary>
    public T Own<T>(T resource) where T : IDisposable
    {
        _resources.Add(resource);
        return resource;
    }

    internal ProviderSet ToSet() => new(_handlers, _previewers, _problems) { Resources = _resources };
}
