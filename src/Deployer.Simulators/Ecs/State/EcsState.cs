using Deployer.Simulators.Ecs.Protocol;

namespace Deployer.Simulators.Ecs.State;

/// <summary>
/// Everything the simulator holds. One lock (<see cref="Gate"/>) guards it all: requests and ticks take turns,
/// so every response sees one consistent moment.
/// </summary>
internal sealed class EcsState(EcsSimulatorOptions options, EcsFaults faults)
{
    public object Gate { get; } = new();
    public EcsSimulatorOptions Options { get; } = options;
    public EcsFaults Faults { get; } = faults;
    public Ids Ids { get; } = new(options.Region, options.AccountId);
    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    public Dictionary<string, ClusterRecord> Clusters { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<TaskDefinitionRecord>> TaskDefinitions { get; } = new(StringComparer.Ordinal);
    /// <summary>Services by (cluster name, service name); a deleted service stays INACTIVE until re-created.</summary>
    public Dictionary<(string Cluster, string Name), ServiceRecord> Services { get; } = [];
    public List<ServiceDeploymentRecord> ServiceDeployments { get; } = [];
    public Dictionary<string, ServiceRevisionRecord> Revisions { get; } = new(StringComparer.Ordinal);
    /// <summary>In launch order.</summary>
    public List<TaskRecord> Tasks { get; } = [];
    /// <summary>Application Auto Scaling targets by resource id (<c>service/&lt;cluster&gt;/&lt;service&gt;</c>), in registration order.</summary>
    public Dictionary<string, ScalableTargetRecord> ScalableTargets { get; } = new(StringComparer.Ordinal);
    /// <summary>CloudWatch alarm states that service deployments watch (deploymentConfiguration.alarms).</summary>
    public AlarmStates Alarms { get; } = new();

    /// <summary>A cluster by name or ARN (default: "default").</summary>
    public ClusterRecord Cluster(string? nameOrArn)
    {
        var name = nameOrArn is null ? "default" : Ids.LastSegment(nameOrArn);
        return Clusters.TryGetValue(name, out var cluster) && cluster.Status == "ACTIVE" ? cluster : throw EcsError.ClusterNotFound();
    }

    /// <summary>A cluster given explicitly or implied by a long-format service / task ARN.</summary>
    public ClusterRecord ClusterFor(string? cluster, string resourceNameOrArn) => Cluster(cluster ?? Ids.ClusterOf(resourceNameOrArn));

    public ServiceRecord? FindService(ClusterRecord cluster, string nameOrArn) =>
        Services.GetValueOrDefault((cluster.Name, Ids.LastSegment(nameOrArn)));

    public ServiceRecord Service(ClusterRecord cluster, string nameOrArn) => FindService(cluster, nameOrArn) ?? throw EcsError.ServiceNotFound();

    /// <summary>A task definition by family (latest ACTIVE revision), family:revision or ARN; null when unknown.</summary>
    public TaskDefinitionRecord? FindTaskDefinition(string reference)
    {
        var text = reference.StartsWith("arn:", StringComparison.Ordinal) ? reference[(reference.IndexOf("task-definition/", StringComparison.Ordinal) is var i and >= 0 ? i + 16 : 0)..] : reference;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
            return TaskDefinitions.TryGetValue(text, out var all) ? all.LastOrDefault(t => t.Status == "ACTIVE") : null;
        if (!int.TryParse(text[(colon + 1)..], out var revision)) return null;
        return TaskDefinitions.TryGetValue(text[..colon], out var revisions) && revision >= 1 && revision <= revisions.Count ? revisions[revision - 1] : null;
    }

    public TaskRecord? FindTask(ClusterRecord cluster, string idOrArn)
    {
        var id = Ids.LastSegment(idOrArn);
        return Tasks.FirstOrDefault(t => t.Id == id && t.Cluster == cluster);
    }

    public IEnumerable<TaskRecord> TasksOf(ServiceRecord service) => Tasks.Where(t => t.Service == service);

    public IEnumerable<TaskRecord> TasksOf(DeploymentRecord deployment) => Tasks.Where(t => t.Deployment == deployment);
}
