using System.Collections.Concurrent;

namespace Deployer.Simulators.Coolify;

/// <summary>What the simulated instance accepts and how long a deployment takes.</summary>
/// <param name="Token">The one API token it knows; any other bearer answers 401 "Unauthenticated.".</param>
/// <param name="ReadSensitive">Whether the token may read sensitive data: without it Coolify leaves <c>logs</c> out of a deployment.</param>
public sealed record CoolifySimulatorOptions(string Token, TimeSpan Queued, TimeSpan Building, TimeProvider Time, bool ReadSensitive = true)
{
    public static CoolifySimulatorOptions Default { get; } = new("1|coolify-test-token", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeProvider.System);
}

/// <summary>Faults to inject: answers given before the real one, in order, and applications whose builds fail or never end.</summary>
public sealed class CoolifyFaults
{
    public ConcurrentQueue<(int Status, int? RetryAfterSeconds)> Next { get; } = new();

    /// <summary>Applications (by uuid) whose deployments fail, with the build output their log shows.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<string>> FailingBuilds { get; } = new(StringComparer.Ordinal);

    /// <summary>Applications whose deployments stay in_progress (a timeout).</summary>
    public ConcurrentDictionary<string, bool> StuckBuilds { get; } = new(StringComparer.Ordinal);
}

/// <summary>An application: where it builds from, the commit its branch holds now, and the image tags built so far.</summary>
public sealed class SimulatedCoolifyApplication(int id, string uuid, string name, string repository, string branch, string head, string? fqdn)
{
    public int Id => id;
    public string Uuid => uuid;
    public string Name => name;
    public string Repository => repository;
    public string Branch => branch;
    public string? Fqdn => fqdn;

    /// <summary>The commit a deployment of the branch resolves to; tests move it to simulate a push.</summary>
    public string Head { get; set; } = head;

    /// <summary>The image tag running, null before the first deployment.</summary>
    public string? Running { get; set; }

    /// <summary>Image tags built, oldest first, with when.</summary>
    public List<(string Tag, DateTimeOffset At)> Images { get; } = [];
}

/// <summary>A deployment as the simulator holds it; its status follows from its age unless it was cancelled.</summary>
public sealed class SimulatedCoolifyDeployment(int id, string uuid, SimulatedCoolifyApplication application, string? commit, bool force, bool rollback,
    DateTimeOffset createdAt, IReadOnlyList<string>? failureLog, bool stuck)
{
    public int Id => id;
    public string Uuid => uuid;
    public SimulatedCoolifyApplication Application => application;
    public bool Force => force;
    public bool Rollback => rollback;
    public DateTimeOffset CreatedAt => createdAt;
    public IReadOnlyList<string>? FailureLog => failureLog;
    public bool Stuck => stuck;

    /// <summary>The commit asked for; null means the branch head, resolved when the build starts (Coolify shows HEAD until then).</summary>
    public string? Asked => commit;

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>The branch head the build resolved, fixed once it started.</summary>
    public string? Resolved { get; set; }

    /// <summary>Whether the finished deployment's effect (the running tag) was applied.</summary>
    public bool Applied { get; set; }

    public string StatusAt(DateTimeOffset now, CoolifySimulatorOptions options)
    {
        if (CancelledAt is not null) return "cancelled-by-user";
        var age = now - CreatedAt;
        if (age < options.Queued) return "queued";
        if (Stuck || age < options.Queued + options.Building) return "in_progress";
        return FailureLog is null ? "finished" : "failed";
    }
}

internal sealed class CoolifyState(CoolifySimulatorOptions options)
{
    public object Gate { get; } = new();
    public CoolifySimulatorOptions Options => options;
    public CoolifyFaults Faults { get; } = new();
    public Dictionary<string, SimulatedCoolifyApplication> Applications { get; } = new(StringComparer.Ordinal);
    public List<SimulatedCoolifyDeployment> Deployments { get; } = [];
    public List<string> Requests { get; } = [];

    /// <summary>Requests answered on the applications' domains, as <see cref="CoolifySimulator.Served"/> lists them.</summary>
    public List<string> Served { get; } = [];

    public int Sequence { get; set; }

    /// <summary>A cuid2-like id, as Coolify's <c>new_public_id()</c> makes them: 24 lowercase letters and digits.</summary>
    public static string NewPublicId() =>
        new(Enumerable.Range(0, 24).Select(_ => "abcdefghijklmnopqrstuvwxyz0123456789"[Random.Shared.Next(36)]).ToArray());

    /// <summary>Applies what finished deployments did: the application runs their image.</summary>
    public void Settle()
    {
        var now = options.Time.GetUtcNow();
        foreach (var deployment in Deployments.Where(d => !d.Applied && d.StatusAt(now, options) == "finished"))
        {
            var tag = Commit(deployment, now);
            var application = deployment.Application;
            if (!application.Images.Any(i => i.Tag == tag)) application.Images.Add((tag, deployment.CreatedAt + options.Queued + options.Building));
            application.Running = tag;
            deployment.Applied = true;
        }
    }

    /// <summary>The commit column: HEAD while queued, the resolved commit from the moment the build starts.</summary>
    public string Commit(SimulatedCoolifyDeployment deployment, DateTimeOffset now)
    {
        if (deployment.Asked is { } asked) return asked;
        var started = deployment.CancelledAt is { } at ? at - deployment.CreatedAt >= options.Queued : deployment.StatusAt(now, options) != "queued";
        return started ? deployment.Resolved ??= deployment.Application.Head : "HEAD";
    }
}
