using System.Collections.Concurrent;

namespace Deployer.Simulators.Vercel;

/// <summary>What the simulated Vercel account accepts: its token, the teams it can see and how long builds take.</summary>
/// <param name="Teams">Team ids and slugs the token may act for (<c>teamId</c>/<c>slug</c> outside them answer 403).</param>
public sealed record VercelSimulatorOptions(string Token, IReadOnlyList<string> Teams, TimeSpan Queued, TimeSpan Building, TimeProvider Time)
{
    /// <summary>
    /// The projects the account has; null: every name is a project (an account where each project was created beforehand).
    /// A deployment naming only <c>name</c> creates its project, as Vercel does; one naming an unknown <c>project</c> gets 404.
    /// </summary>
    public IReadOnlyList<string>? Projects { get; init; }

    public static VercelSimulatorOptions Default { get; } = new("vercel-test-token", [], TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeProvider.System);
}

/// <summary>Faults to inject: answers given before the real one, in order (status and optional Retry-After seconds).</summary>
public sealed class VercelFaults
{
    public ConcurrentQueue<(int Status, int? RetryAfterSeconds)> Next { get; } = new();

    /// <summary>Projects whose builds end in ERROR, with the build log lines their events show.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<string>> FailingBuilds { get; } = new(StringComparer.Ordinal);

    /// <summary>Projects whose builds never finish (a timeout).</summary>
    public ConcurrentDictionary<string, bool> StuckBuilds { get; } = new(StringComparer.Ordinal);

    /// <summary>Projects whose builds stay BUILDING until the test removes them; then they end (READY, or ERROR if failing) at once.</summary>
    public ConcurrentDictionary<string, bool> HeldBuilds { get; } = new(StringComparer.Ordinal);
}

/// <summary>A deployment as the simulator holds it.</summary>
public sealed record SimulatedVercelDeployment(string Id, string Project, string? Team, bool Production, IReadOnlyDictionary<string, string> Files,
    DateTimeOffset CreatedAt, IReadOnlyList<string>? FailureLog, bool Stuck)
{
    public bool Canceled { get; set; }

    /// <summary>Whether a test holds its build (read at every poll).</summary>
    public Func<bool> Held { get; init; } = () => false;

    /// <summary>The build-time environment it was created with.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether a production deployment takes the project's domains once READY (Vercel's default); false
    /// (<c>autoAssignCustomDomains: false</c>) leaves them on the current production until a promote.
    /// </summary>
    public bool AutoAssignCustomDomains { get; init; } = true;

    /// <summary>The deployment whose files it was built from again (a redeploy), if any.</summary>
    public string? RedeployOf { get; init; }

    /// <summary>When its aliases were assigned (once READY); the API answers it as <c>aliasAssigned</c>, milliseconds since the epoch.</summary>
    public DateTimeOffset? AliasAssignedAt { get; set; }

    // Every deployment has its own URL (Vercel's are random; the sequence's last digits keep them unique here).
    public string Url => $"{Project}-{Id[^9..]}.vercel.app";

    public string StateAt(DateTimeOffset now, VercelSimulatorOptions options)
    {
        if (Canceled) return "CANCELED";
        var age = now - CreatedAt;
        if (age < options.Queued) return "QUEUED";
        if (Stuck || Held() || age < options.Queued + options.Building) return "BUILDING";
        return FailureLog is null ? "READY" : "ERROR";
    }
}

internal sealed class VercelState(VercelSimulatorOptions options)
{
    public object Gate { get; } = new();
    public VercelSimulatorOptions Options => options;
    public VercelFaults Faults { get; } = new();
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
    public List<SimulatedVercelDeployment> Deployments { get; } = [];
    public Dictionary<string, string> Production { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> Aliases { get; } = new(StringComparer.Ordinal);
    /// <summary>Custom domains by project: they serve the project's production deployment.</summary>
    public Dictionary<string, List<string>> Domains { get; } = new(StringComparer.OrdinalIgnoreCase);
    public int Uploads { get; set; }
    /// <summary>Every API request as "METHOD /path", in arrival order.</summary>
    public List<string> Requests { get; } = [];
    /// <summary>Projects created by a deployment that named only <c>name</c>.</summary>
    public HashSet<string> CreatedProjects { get; } = new(StringComparer.Ordinal);
    public bool HasProject(string name) => options.Projects is null || options.Projects.Contains(name) || CreatedProjects.Contains(name);
    public int Sequence { get; set; }
}
