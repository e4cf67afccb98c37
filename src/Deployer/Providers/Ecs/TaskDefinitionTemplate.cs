using System.Text.Json.Nodes;
using Deployer.Config;

namespace Deployer.Providers.Ecs;

/// <summary>What a deploy sets in a task definition; everything else comes from the template untouched.</summary>
/// <param name="Container">Container whose image, command, environment and secrets are set.</param>
/// <param name="Image">Image reference, by digest when it was built here.</param>
/// <param name="Command">Command override; empty keeps the template's.</param>
/// <param name="Environment">Variables set (added or replaced) on the container.</param>
/// <param name="Secrets">ECS secrets set on the container: name → valueFrom ARN.</param>
public sealed record ContainerSettings(
    string Container,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> Secrets);

/// <summary>
/// Turns a task definition (a file in the repository or the live one) into a RegisterTaskDefinition request with the
/// deploy's settings applied. Pure: JSON in, JSON out.
/// </summary>
public static class TaskDefinitionTemplate
{
    /// <summary>Members DescribeTaskDefinition returns that RegisterTaskDefinition does not accept.</summary>
    private static readonly string[] ReadOnlyMembers =
    [
        "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt",
        "registeredBy", "deregisteredAt",
    ];

    /// <summary>The registration request: the template without read-only members, with the container settings applied.</summary>
    /// <exception cref="TaskDefinitionException">The template has no container of that name.</exception>
    public static JsonObject Render(JsonObject template, ContainerSettings settings)
    {
        var request = (JsonObject)template.DeepClone();
        foreach (var member in ReadOnlyMembers) request.Remove(member);
        // A description file may carry the Describe response's wrapper.
        if (request["taskDefinition"] is JsonObject wrapped) return Render(wrapped, settings);

        var containers = request["containerDefinitions"] as JsonArray ?? [];
        var container = containers.OfType<JsonObject>().FirstOrDefault(c => c["name"]?.GetValue<string>() == settings.Container)
            ?? throw new TaskDefinitionException(
                $"the task definition has no container named '{settings.Container}' (containers: " +
                $"{string.Join(", ", containers.OfType<JsonObject>().Select(c => c["name"]?.GetValue<string>()))}); set 'container' on the service");

        container["image"] = settings.Image;
        if (settings.Command.Count > 0)
            container["command"] = new JsonArray(settings.Command.Select(c => (JsonNode?)c).ToArray());
        if (settings.Environment.Count > 0)
            container["environment"] = Merge(container["environment"] as JsonArray, settings.Environment, "value");
        if (settings.Secrets.Count > 0)
            container["secrets"] = Merge(container["secrets"] as JsonArray, settings.Secrets, "valueFrom");
        return request;
    }

    /// <summary>The valueFrom ECS expects for a secret reference, given the environment's account and region.</summary>
    public static string ValueFrom(SecretRef secret, string region, string account)
    {
        if (secret.SecretsManager is { } id)
        {
            var arn = id.StartsWith("arn:", StringComparison.Ordinal) ? id : $"arn:aws:secretsmanager:{region}:{account}:secret:{id}";
            // ECS reads one JSON key of a secret with "<arn>:<key>:<version-stage>:<version-id>".
            return secret.Key is null ? arn : $"{arn}:{secret.Key}::";
        }
        if (secret.Ssm is { } name)
            return name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:ssm:{region}:{account}:parameter/{name.TrimStart('/')}";
        throw new TaskDefinitionException($"secret {secret} cannot be injected by ECS: use 'secretsManager' or 'ssm'");
    }

    private static JsonArray Merge(JsonArray? existing, IReadOnlyDictionary<string, string> values, string valueMember)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in existing?.OfType<JsonObject>() ?? [])
            if (item["name"]?.GetValue<string>() is { } name && item[valueMember]?.GetValue<string>() is { } value)
                merged[name] = value;
        foreach (var (name, value) in values) merged[name] = value;
        return new JsonArray(merged.Select(p => (JsonNode?)new JsonObject { ["name"] = p.Key, [valueMember] = p.Value }).ToArray());
    }
}

/// <summary>A task definition that cannot be rendered as asked; a user error, reported before anything changes.</summary>
public sealed class TaskDefinitionException(string message) : Exception(message);
