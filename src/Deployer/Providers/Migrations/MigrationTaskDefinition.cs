using System.Text.Json.Nodes;
using Deployer.Config;
using Deployer.Providers.Ecs;

namespace Deployer.Providers.Migrations;

/// <summary>What the migration task changes in the service's task definition.</summary>
/// <param name="Container">The service's app container, which runs the migration.</param>
/// <param name="Image">The release's image, by digest.</param>
/// <param name="Command">What the container runs (see <see cref="MigrationTaskDefinition.CommandFor"/>).</param>
/// <param name="ConnectionVariable">The variable the migration reads the connection from.</param>
/// <param name="ConnectionValueFrom">Secrets Manager or SSM ARN ECS injects it from; never the value.</param>
public sealed record MigrationTaskSettings(string Container, string Image, IReadOnlyList<string> Command, string ConnectionVariable, string ConnectionValueFrom);

/// <summary>
/// Turns the service's task definition into the one-off migration task's: same roles, sidecars, logging and sizes,
/// family suffixed <c>-migrate</c>, the app container running the migration with the connection as an ECS secret.
/// Pure: JSON in, JSON out.
/// </summary>
public static class MigrationTaskDefinition
{
    public const string FamilySuffix = "-migrate";

    /// <summary>The RegisterTaskDefinition request.</summary>
    /// <exception cref="TaskDefinitionException">The task definition has no such container, or no execution role to read the secret with.</exception>
    public static JsonObject Render(JsonObject serviceTaskDefinition, MigrationTaskSettings settings)
    {
        if ((string?)serviceTaskDefinition["executionRoleArn"] is null)
            throw new TaskDefinitionException(
                $"the service's task definition {(string?)serviceTaskDefinition["family"]} has no executionRoleArn: ECS injects the connection with the " +
                $"task's execution role, which must be allowed to read {settings.ConnectionValueFrom}");
        var request = TaskDefinitionTemplate.Render(serviceTaskDefinition, new ContainerSettings(settings.Container, settings.Image, settings.Command,
            new Dictionary<string, string>(), new Dictionary<string, string> { [settings.ConnectionVariable] = settings.ConnectionValueFrom }));
        var family = (string?)request["family"] ?? throw new TaskDefinitionException("the service's task definition has no family");
        request["family"] = family.EndsWith(FamilySuffix, StringComparison.Ordinal) ? family : family + FamilySuffix;

        var container = request["containerDefinitions"]!.AsArray().OfType<JsonObject>().First(c => (string?)c["name"] == settings.Container);
        // The task ends when the migration does, and its outcome is the container's exit code.
        container["essential"] = true;
        // A migration answers no health check; the web one would mark the task unhealthy while it works.
        container.Remove("healthCheck");
        // ECS refuses a name that is both a plain variable and a secret, and the plain one may be the app's runtime URL.
        if (container["environment"] is JsonArray environment)
            foreach (var duplicate in environment.OfType<JsonObject>().Where(v => (string?)v["name"] == settings.ConnectionVariable).ToArray())
                environment.Remove(duplicate);
        return request;
    }

    /// <summary>The migration command: the description's, else the tool's upgrade command as run inside the app image.</summary>
    public static IReadOnlyList<string> CommandFor(MigrationSpec spec) => spec.Command.Count > 0 ? spec.Command : spec.Tool switch
    {
        MigrationTool.Alembic => ["alembic", .. spec.Project is { } ini ? new[] { "-c", ini } : [], "upgrade", spec.Target ?? "head"],
        // A migrations bundle (dotnet ef migrations bundle): runtime images have no SDK for `dotnet ef database update`.
        MigrationTool.EfCore => ["./efbundle", .. spec.Target is { } target ? new[] { target } : []],
        _ => throw new MigrationException("'tool: command' needs the command to run"),
    };
}
