using System.Text.Json.Nodes;

namespace Deployer.Simulators.GitHub.State;

/// <summary>A repository: its branches (name → sha) and the pull requests comments can be posted on.</summary>
internal sealed class RepositoryRecord(long id, string owner, string name)
{
    public long Id { get; } = id;
    public string Owner { get; } = owner;
    public string Name { get; } = name;
    public string FullName => $"{Owner}/{Name}";
    public Dictionary<string, string> Branches { get; } = new(StringComparer.Ordinal);
    public HashSet<int> PullRequests { get; } = [];

    /// <summary>The git object database (blobs, trees, commits) by sha, as the git data API creates and reads it.</summary>
    public Dictionary<string, GitObject> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>Refs by full name (<c>refs/heads/main</c>, <c>refs/deployer/locks/shop/production</c>) → commit sha.</summary>
    public Dictionary<string, string> Refs { get; } = new(StringComparer.Ordinal);
}

internal sealed class DeploymentRecord
{
    public required long Id { get; init; }
    public required RepositoryRecord Repository { get; init; }
    public required string Sha { get; init; }
    public required string Ref { get; init; }
    public required string Task { get; init; }
    public required JsonNode Payload { get; init; }
    public required string OriginalEnvironment { get; init; }
    public required string Environment { get; set; }
    public string? Description { get; init; }
    public required bool TransientEnvironment { get; init; }
    public required bool ProductionEnvironment { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Oldest first.</summary>
    public List<DeploymentStatusRecord> Statuses { get; } = [];

    public string? LatestState => Statuses.Count == 0 ? null : Statuses[^1].State;
}

internal sealed record DeploymentStatusRecord(
    long Id, DeploymentRecord Deployment, string State, string? Description, string Environment, string? LogUrl, string? EnvironmentUrl, DateTimeOffset CreatedAt);

internal sealed class CommentRecord
{
    public required long Id { get; init; }
    public required RepositoryRecord Repository { get; init; }
    public required int Issue { get; init; }
    public required string Body { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
}
