using Deployer.Config;
using Deployer.Text;

namespace Deployer.Planning;

/// <summary>What the planner needs beside the description.</summary>
/// <param name="Environment">Environment to deploy.</param>
/// <param name="GitSha">Commit being released; images are tagged with it.</param>
/// <param name="Mode">Release, promotion or rollback.</param>
/// <param name="Source">
/// The recorded release a promotion or rollback ships again: its commit and image digests replace
/// <paramref name="GitSha"/> and the tags. Null for a release, and in a dry run that could not read the ledger.
/// </param>
/// <param name="PullRequest">The pull request a run is for (previews are per pull request); null outside a pull_request run.</param>
public sealed record PlanInputs(string Environment, string GitSha, PlanMode Mode = PlanMode.Release, ShippedRelease? Source = null,
    int? PullRequest = null);

/// <summary>Thrown for a request the description cannot satisfy (unknown environment, no source to promote from).</summary>
public sealed class PlanningException(string message) : Exception(message);

/// <summary>
/// Turns a description and inputs into a plan: each module adds its steps, and the phases they were added in become the
/// dependencies (the one place that orders a release). Pure: no I/O, no clock.
/// </summary>
public static class Planner
{
    public static DeployPlan Plan(DeployDescription description, PlanInputs inputs, IReadOnlyList<IPlanModule> modules, Func<DeployDescription, EnvironmentSpec, IEnumerable<string>> imagesUsed)
    {
        if (!description.Environments.TryGetValue(inputs.Environment, out var env))
            throw new PlanningException(
                $"Environment '{inputs.Environment}' is not defined in the deploy description{Suggestion.DidYouMean(inputs.Environment, description.Environments.Keys)}. " +
                $"Defined: {string.Join(", ", description.Environments.Keys)}.");
        if (inputs.Mode == PlanMode.Promotion && env.PromotesFrom is null)
            throw new PlanningException($"Environment '{inputs.Environment}' has no 'promotesFrom', so there is nothing to promote into it.");

        var used = imagesUsed(description, env).ToHashSet(StringComparer.Ordinal);
        var images = description.Images.Keys.Where(used.Contains).ToArray();
        var registry = env.Registry ?? new RegistrySpec();
        var source = inputs.Mode == PlanMode.Release ? null : inputs.Source;
        var gitSha = source?.GitSha ?? inputs.GitSha;
        var imageRefs = images.ToDictionary(name => name, name => Reference(description, env, registry, name, gitSha));
        if (source is not null)
            foreach (var name in images)
                if (!source.Images.ContainsKey(name))
                    throw new PlanningException(
                        $"Release {source.Id} of {source.Environment} has no image '{name}', which {inputs.Environment} deploys; it cannot be {(inputs.Mode == PlanMode.Promotion ? "promoted" : "restored")}.");
        if (inputs.Mode == PlanMode.Rollback && source is not null)
            // A rollback ships the recorded digests as they are: nothing is built, pushed or retagged.
            imageRefs = imageRefs.ToDictionary(x => x.Key, x => x.Value with { Digest = Digest(source.Images[x.Key]) });

        var context = new PlanContext(description, inputs.Environment, env, inputs, imageRefs, gitSha);
        foreach (var module in modules) module.Plan(context);
        var steps = Order(OutputEdges.Apply(context.Steps, inputs.Environment));
        OutputEdges.RefuseCycles(steps);
        return new DeployPlan(description.App, inputs.Environment, gitSha, inputs.Mode, env.Aws, steps) { Source = source };
    }

    /// <summary>Phases to dependencies: the module's own dependencies stay, the phase adds the ones across modules.</summary>
    private static IReadOnlyList<Step> Order(IReadOnlyList<(Step Step, PlanPhase Phase)> planned)
    {
        // A phase is done when its last steps are: a push, not the build it follows. Only a dependency inside the phase
        // counts: a site's build that its deploy depends on still ends the artifact phase.
        var phaseOf = planned.GroupBy(p => p.Step.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Phase, StringComparer.Ordinal);
        var dependedOn = planned.SelectMany(p => p.Step.DependsOn.Where(d => phaseOf.TryGetValue(d, out var phase) && phase == p.Phase))
            .ToHashSet(StringComparer.Ordinal);
        string[] IdsIn(PlanPhase phase) => planned.Where(p => p.Phase == phase && !dependedOn.Contains(p.Step.Id)).Select(p => p.Step.Id).ToArray();
        var artifacts = IdsIn(PlanPhase.Artifact);
        var prepares = IdsIn(PlanPhase.Prepare);
        var gates = IdsIn(PlanPhase.Gate);
        var deploys = IdsIn(PlanPhase.Deploy);
        var beforeDeploy = gates.Length > 0 ? gates : artifacts;
        var beforeVerify = deploys.Length > 0 ? deploys : beforeDeploy;
        var ordered = new List<Step>();
        foreach (var phase in Enum.GetValues<PlanPhase>())
            foreach (var (step, _) in planned.Where(p => p.Phase == phase))
            {
                IEnumerable<string> across = phase switch
                {
                    PlanPhase.Gate => [.. artifacts, .. prepares],
                    PlanPhase.Deploy => beforeDeploy,
                    PlanPhase.Verify => beforeVerify,
                    _ => [],
                };
                ordered.Add(step with { DependsOn = [.. across.Where(id => !step.DependsOn.Contains(id)), .. step.DependsOn] });
            }
        return ordered;
    }

    /// <summary>The digest of a pinned reference, <c>repository@sha256:…</c>.</summary>
    public static string Digest(string pinned) =>
        pinned.LastIndexOf('@') is var at and > 0 ? pinned[(at + 1)..] : throw new PlanningException($"'{pinned}' is not pinned by digest");

    private static ImageRef Reference(DeployDescription d, EnvironmentSpec env, RegistrySpec registry, string name, string gitSha)
    {
        var repository = d.Images[name].Repository ?? $"{d.App}-{name}";
        var host = registry.Kind switch
        {
            RegistryKind.Ecr => $"{env.Aws!.Account}.dkr.ecr.{env.Aws.Region}.amazonaws.com",
            RegistryKind.Oci => registry.Server!.TrimEnd('/'),
            _ => "local",
        };
        return new ImageRef(name, $"{host}/{repository}", gitSha);
    }
}
