using Deployer.Simulators.GitHub.Protocol;

namespace Deployer.Simulators.GitHub.State;

/// <summary>Everything the simulator holds. One lock (<see cref="Gate"/>) guards it all, so every answer sees one moment.</summary>
internal sealed class GitHubState(GitHubSimulatorOptions options, GitHubFaults faults)
{
    private long _nextId = 1_000;

    public object Gate { get; } = new();
    public GitHubSimulatorOptions Options { get; } = options;
    public GitHubFaults Faults { get; } = faults;
    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    /// <summary>Where the API answers, e.g. http://127.0.0.1:41234/ (the <c>url</c> members are built on it).</summary>
    public Uri ApiBase { get; set; } = new("http://127.0.0.1/");

    public Dictionary<string, RepositoryRecord> Repositories { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<DeploymentRecord> Deployments { get; } = [];
    public List<CommentRecord> Comments { get; } = [];

    /// <summary>Requests counted against the rate limit in the current window, and when the window resets.</summary>
    public int Used { get; set; }
    public DateTimeOffset WindowReset { get; set; }

    /// <summary>Ids are unique across every kind of object, as GitHub's nearly are, so a mixed-up id is a 404, not a hit.</summary>
    public long NextId() => ++_nextId;

    public RepositoryRecord AddRepository(string fullName)
    {
        var slash = fullName.IndexOf('/');
        if (slash <= 0 || slash == fullName.Length - 1 || fullName.IndexOf('/', slash + 1) >= 0)
            throw new ArgumentException($"'{fullName}' is not owner/name.", nameof(fullName));
        if (Repositories.TryGetValue(fullName, out var existing)) return existing;
        var repository = new RepositoryRecord(NextId(), fullName[..slash], fullName[(slash + 1)..]);
        Repositories[fullName] = repository;
        return repository;
    }

    public RepositoryRecord Repository(string owner, string name, string documentationUrl) =>
        Repositories.GetValueOrDefault($"{owner}/{name}") ?? throw GitHubError.NotFound(documentationUrl);

    public DeploymentRecord Deployment(RepositoryRecord repository, string id, string documentationUrl) =>
        long.TryParse(id, out var number) && Deployments.FirstOrDefault(d => d.Id == number && d.Repository == repository) is { } deployment
            ? deployment
            : throw GitHubError.NotFound(documentationUrl);

    public CommentRecord Comment(RepositoryRecord repository, string id, string documentationUrl) =>
        long.TryParse(id, out var number) && Comments.FirstOrDefault(c => c.Id == number && c.Repository == repository) is { } comment
            ? comment
            : throw GitHubError.NotFound(documentationUrl);
}
