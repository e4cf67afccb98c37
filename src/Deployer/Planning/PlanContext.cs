using Deployer.Config;

namespace Deployer.Planning;

/// <summary>
/// Where a step sits in a release; the planner alone turns phases into dependencies, so modules never name each other's
/// steps: artifacts first, then what prepares the gate (a snapshot), the gate (migrations) after every artifact, the
/// deploys after the gate, and the checks after every deploy.
/// </summary>
public enum PlanPhase
{
    /// <summary>Builds and ships artifacts (images); depends only on the module's own steps.</summary>
    Artifact,
    /// <summary>Work the gate needs that may run beside the artifacts (a database snapshot).</summary>
    Prepare,
    /// <summary>What everything serving traffic waits for (migrations); waits for every artifact and every prepare step.</summary>
    Gate,
    /// <summary>Targets that serve traffic; they wait for the gate, or for the artifacts when there is none.</summary>
    Deploy,
    /// <summary>Checks of the deployed environment; they wait for every deploy.</summary>
    Verify,
}

/// <summary>What a module plans for one environment.</summary>
public interface IPlanModule
{
    /// <summary>Adds the module's steps for <see cref="PlanContext.EnvironmentName"/>; adds nothing when it has no section there.</summary>
    void Plan(PlanContext context);
}

/// <summary>The environment being planned and the place modules add their steps to. Pure: no I/O.</summary>
public sealed class PlanContext(DeployDescription description, string environmentName, EnvironmentSpec environment, PlanInputs inputs,
    IReadOnlyDictionary<string, ImageRef> images, string gitSha)
{
    private readonly List<(Step Step, PlanPhase Phase)> _steps = [];

    public DeployDescription Description => description;
    public string EnvironmentName => environmentName;
    public EnvironmentSpec Environment => environment;
    public PlanMode Mode => inputs.Mode;

    /// <summary>The recorded release a promotion or rollback ships again (null for a release, or a dry run without the ledger).</summary>
    public ShippedRelease? Source => inputs.Mode == PlanMode.Release ? null : inputs.Source;

    /// <summary>The pull request the run is for, if any (see <see cref="PlanInputs.PullRequest"/>).</summary>
    public int? PullRequest => inputs.PullRequest;

    /// <summary>The commit released: this one, or the recorded release's for a promotion or rollback.</summary>
    public string GitSha => gitSha;

    /// <summary>The commit the run was started for (what a release builds).</summary>
    public string RequestedSha => inputs.GitSha;

    /// <summary>Every image the environment deploys, by name: repository, tag, and the digest when already known.</summary>
    public IReadOnlyDictionary<string, ImageRef> Images => images;

    /// <summary>Adds a step; its <see cref="Step.DependsOn"/> names only steps of the same module, the phase does the rest.</summary>
    public void Add(Step step, PlanPhase phase) => _steps.Add((step, phase));

    internal IReadOnlyList<(Step Step, PlanPhase Phase)> Steps => _steps;
}
