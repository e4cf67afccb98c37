using System.Text;
using Deployer.Aws.Ecs;

namespace Deployer.Providers.Migrations;

/// <summary>
/// One migration task per app and environment at a time. On the runner a database advisory lock serializes
/// migrations; a task inside the VPC is out of its reach, so concurrent runs queue on ECS itself: every migration task
/// carries the same <c>startedBy</c> marker, a run waits while one is running, and when two start at once the younger
/// stops itself. Pure.
/// </summary>
public static class MigrationTaskQueue
{
    /// <summary>ECS startedBy: up to 128 letters, digits, hyphens, slashes and underscores.</summary>
    private const int MaximumLength = 128;

    /// <summary><c>deployer-migrate/&lt;app&gt;/&lt;environment&gt;</c>, with other characters turned into hyphens.</summary>
    public static string Marker(string app, string environment)
    {
        var marker = new StringBuilder("deployer-migrate/");
        foreach (var c in $"{app}/{environment}") marker.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/' ? c : '-');
        return marker.Length <= MaximumLength ? marker.ToString() : marker.ToString(0, MaximumLength);
    }

    /// <summary>The task that goes first, when it is not <paramref name="ours"/>: the oldest still running, its ARN breaking ties.</summary>
    /// <param name="running">Tasks with the marker (ListTasks desiredStatus RUNNING, then DescribeTasks).</param>
    /// <param name="ours">This run's task once started; null before.</param>
    public static EcsTask? Ahead(IReadOnlyList<EcsTask> running, string? ours)
    {
        var first = running
            .Where(t => t.LastStatus != "STOPPED" && t.DesiredStatus != "STOPPED")
            .OrderBy(t => t.CreatedAt ?? DateTimeOffset.MaxValue)
            .ThenBy(t => t.TaskArn, StringComparer.Ordinal)
            .FirstOrDefault();
        return first is null || first.TaskArn == ours ? null : first;
    }
}
