using Deployer.Execution;

namespace Deployer.Releases;

/// <summary>What a module adds to the release record from its finished steps.</summary>
public interface IReleaseModule
{
    /// <summary>Adds what <paramref name="record"/> (a step of this module's kinds or another's) tells about the release.</summary>
    void Record(StepRecord record, ReleaseBuilder release);
}

/// <summary>The facts of a release as modules report them; <see cref="ReleaseFacts.From"/> turns them into the record.</summary>
public sealed class ReleaseBuilder
{
    private readonly SortedDictionary<string, string> _images = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _targets = new(StringComparer.Ordinal);
    private readonly List<string> _urls = [];
    private readonly SortedDictionary<string, ScanRecord> _scans = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SmokeRecord> _smoke = new(StringComparer.Ordinal);
    private MigrationRecord? _migration;

    /// <summary>An image shipped, pinned by digest; the first report of a name wins (the push over a deploy's copy).</summary>
    public void Image(string name, string pinned) => _images.TryAdd(name, pinned);

    /// <summary>What a deploy step left serving (a task definition ARN, a deployment id), by step id.</summary>
    public void Target(string stepId, string value) => _targets[stepId] = value;

    public void Migration(MigrationRecord migration) => _migration = migration;

    public void Urls(IEnumerable<string> urls) => _urls.AddRange(urls);

    /// <summary>An image's scan as the gate judged it, by image name.</summary>
    public void Scan(string image, ScanRecord scan) => _scans[image] = scan;

    /// <summary>A smoke test's results, by deploy step id.</summary>
    public void Smoke(string stepId, SmokeRecord smoke) => _smoke[stepId] = smoke;

    internal Release Build(Planning.DeployPlan plan, string? replaces) =>
        new(plan.App, plan.Environment, plan.GitSha, plan.Mode, _images, _targets, _migration, _urls, plan.Source?.Id, replaces,
            _scans.Count > 0 ? _scans : null, _smoke.Count > 0 ? _smoke : null);
}

/// <summary>
/// The release record of a finished run, read off its step results by the modules: pinned images, what each target now
/// serves, the migration applied and the URLs verified. Pure.
/// </summary>
public static class ReleaseFacts
{
    public static Release From(ReleaseResult result, IReadOnlyList<IReleaseModule> modules, string? replaces = null)
    {
        var release = new ReleaseBuilder();
        foreach (var record in result.Steps)
            foreach (var module in modules)
                module.Record(record, release);
        return release.Build(result.Plan, replaces);
    }

    /// <summary>The status GitHub shows for the outcome: only a release that ended as asked is a success.</summary>
    public static ReleaseStatus StatusOf(Outcome outcome) =>
        outcome is Outcome.Succeeded or Outcome.Unchanged ? ReleaseStatus.Success : ReleaseStatus.Failure;
}
