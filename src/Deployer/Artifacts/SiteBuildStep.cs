using Deployer.Config;
using Deployer.Planning;

namespace Deployer.Artifacts;

/// <summary>
/// Runs a site's <c>build:</c> command (<c>/bin/sh -c</c>, in the repository root) before its folder is published; the
/// folder must exist and hold files afterwards. Each provider module claims its own sealed kind.
/// </summary>
/// <param name="Command">The shell command, e.g. <c>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</c>.</param>
/// <param name="Output">The folder the command produces, relative to the repository root.</param>
/// <param name="OutputSetting">Where the description names that folder (<c>environments.production.staticSites[0].directory</c>), for errors.</param>
public abstract record SiteBuildStep(string Id, IReadOnlyList<string> DependsOn, string Command, string Output, string OutputSetting) : Step(Id, DependsOn), IReadsOutputs
{
    /// <summary>Plain variables added to the runner's environment for the command.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Variables whose values are secrets: resolved when the step runs, scrubbed from everything it prints.</summary>
    public IReadOnlyDictionary<string, SecretRef> Secrets { get; init; } = new Dictionary<string, SecretRef>();

    /// <summary>Where the description writes <see cref="Env"/> (<c>environments.production.staticSites[0].buildEnv</c>), for errors.</summary>
    public string EnvSetting { get; init; } = "buildEnv";

    /// <summary>Outputs of earlier steps that <see cref="Env"/> bakes into the build (<c>VITE_API_URL: "{{sam.api.ApiUrl}}"</c>).</summary>
    public IReadOnlyList<OutputReference> References { get; init; } = [];

    public override string Summary => $"build {Output}";

    /// <summary>
    /// Whether the checks of a folder wait for its build: only when a build is declared and the folder does not exist yet
    /// (a clean checkout). A folder that exists is checked up front, so bad input still stops the run with nothing changed.
    /// </summary>
    public static bool Defers(string? build, string folder, string root) => build is not null && !Directory.Exists(Path.GetFullPath(folder, root));

    /// <summary>
    /// Whether a promotion builds again instead of shipping the source's artifact: when the build bakes in outputs of this
    /// environment's stacks (the source's files point at the source environment's API).
    /// </summary>
    public static bool Rebuilds(PlanMode mode, string? build, IReadOnlyList<OutputReference> references) =>
        mode == PlanMode.Promotion && build is not null && references.Count > 0;

    public override IEnumerable<(string Name, string Value)> Details()
    {
        yield return ("run", Command);
        foreach (var (name, value) in Env.OrderBy(e => e.Key, StringComparer.Ordinal)) yield return ($"env {name}", OutputReference.Describe(value, References));
        foreach (var (name, reference) in Secrets.OrderBy(e => e.Key, StringComparer.Ordinal)) yield return ($"secret {name}", reference.ToString());
    }
}
