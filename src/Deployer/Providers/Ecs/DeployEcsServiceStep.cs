using System.Text.Json;
using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Aws.Ecs;
using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Providers.Ecs;

/// <summary>
/// Deploys one ECS service. The plan holds what execution sends: the container overrides (<see cref="Container"/>) and
/// the deploymentConfiguration (<see cref="Configuration"/>); only a tag's digest is resolved at execution.
/// </summary>
public sealed record DeployEcsServiceStep(string Id, IReadOnlyList<string> DependsOn, string Cluster, EcsServiceSpec Service, ImageRef? Image)
    : Step(Id, DependsOn), Output.IStepRequest, IReadsOutputs
{
    /// <summary>Outputs of earlier steps the container's environment reads (<c>API_URL: "{{sam.api.ApiUrl}}"</c>), resolved at execution.</summary>
    public IReadOnlyList<OutputReference> References { get; init; } = [];

    /// <summary>Where the description writes the environment (<c>environments.staging.services[0].environment</c>), for errors.</summary>
    public string EnvironmentSetting { get; init; } = "environment";

    /// <summary>Container name, image reference, command, environment and secrets (valueFrom ARNs), resolved by the planner.</summary>
    public ContainerSettings? Container { get; init; }

    /// <summary>The deploymentConfiguration sent with UpdateService; null members keep the live values.</summary>
    public DeploymentConfiguration Configuration { get; init; } = EcsDeploymentSettings.Of(Service);

    /// <summary>The exact fields execution sends: the container of RegisterTaskDefinition and the UpdateService request.</summary>
    public JsonObject RequestFields()
    {
        var request = new JsonObject();
        if (RecordedTaskDefinition is null && Container is { } container)
            request["container"] = new JsonObject
            {
                ["name"] = container.Container,
                ["image"] = container.Image,
                ["command"] = container.Command.Count > 0 ? new JsonArray(container.Command.Select(c => (JsonNode?)c).ToArray()) : null,
                ["environment"] = Pairs(container.Environment, "value"),
                ["secrets"] = Pairs(container.Secrets, "valueFrom"),
            };
        request["updateService"] = JsonSerializer.SerializeToNode(new UpdateServiceRequest
        {
            Cluster = Cluster,
            Service = Service.Name,
            TaskDefinition = RecordedTaskDefinition,
            DesiredCount = Service.DesiredCount,
            DeploymentConfiguration = Configuration,
        }, AwsJson.Options);
        return request;
    }

    private static JsonArray Pairs(IReadOnlyDictionary<string, string> values, string member) =>
        new(values.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Key, [member] = p.Value }).ToArray());

    /// <summary>For a rollback: the task definition ARN the target release recorded, deployed as it is.</summary>
    public string? RecordedTaskDefinition { get; init; }

    public override string Provider => EcsModule.Id;
    public override string Summary => $"deploy ECS service '{Service.Name}' on cluster {Cluster} ({Naming(Service.Strategy)})";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("image", Image?.ToString() ?? Service.ImageUri!);
        yield return ("task definition", RecordedTaskDefinition is { } recorded
            ? $"{recorded} as recorded (rollback: image, environment and secrets as they were)"
            : Service.TaskDefinition ?? "live task definition as template");
        if (Service.Command.Count > 0) yield return ("command", string.Join(' ', Service.Command));
        foreach (var (key, value) in Service.Environment) yield return ($"env {key}", OutputReference.Describe(value, References));
        foreach (var (key, value) in Service.Secrets) yield return ($"secret {key}", value.ToString());
        if (Service.DesiredCount is { } count)
            yield return ("desired count", $"{count.ToString(System.Globalization.CultureInfo.InvariantCulture)} (not sent when Application Auto Scaling owns the service)");
        if (Service.SingleWriter)
            yield return ("healthy range", "0% – 100% (single writer: the old task stops before the new one starts)");
        else if (Service.MinimumHealthyPercent is not null || Service.MaximumPercent is not null)
            yield return ("healthy range", $"{Service.MinimumHealthyPercent?.ToString() ?? "live"}% – {Service.MaximumPercent?.ToString() ?? "live"}%");
        if (Service.BakeMinutes is { } bake) yield return ("bake", $"{bake} min");
        if (Service.CanaryPercent is { } canary) yield return ("canary", $"{canary}%");
        if (Service.StepPercent is { } step) yield return ("step", $"{step}%");
        yield return ("circuit breaker", Service.CircuitBreaker ? "rollback on failure" : "off");
        if (Service.Alarms.Count > 0) yield return ("alarms", string.Join(", ", Service.Alarms));
        if (Service.Smoke is { } smoke)
        {
            yield return ("smoke hook", $"PAUSE at {SmokeHook.Stage}, rollback by ECS after {smoke.TimeoutMinutes} min (other lifecycle hooks kept)");
            foreach (var check in smoke.Checks)
                yield return ($"smoke {check.Name}", $"{smoke.Requests}× GET {smoke.TestUrl.TrimEnd('/')}{check.Path} → {check.ExpectStatus}" +
                                                     (check.Contains is null ? "" : $" containing \"{check.Contains}\"") +
                                                     (check.MaxLatencyMs is { } ms ? $" within {ms} ms" : "") +
                                                     "; all pass: continue, else ContinueServiceDeployment ROLLBACK");
        }
        yield return ("wait", $"service deployment until terminal, at most {Service.TimeoutMinutes} min" +
                              (Service.RollbackOnTimeout ? ", then stop with rollback" : ", then leave it running"));
    }

    private static string Naming(EcsStrategy strategy) => Text.Naming.CamelCase(strategy.ToString());
}
