using Deployer.Config;

namespace Deployer.Planning;

/// <summary>What a run does: a DAG of steps for one environment. Printing it is the dry run.</summary>
public sealed record DeployPlan(string App, string Environment, string GitSha, PlanMode Mode, AwsSpec? Aws, IReadOnlyList<Step> Steps)
{
    /// <summary>For a promotion or rollback: the recorded release this plan ships again.</summary>
    public ShippedRelease? Source { get; init; }

    /// <summary>The steps in waves: every step of a wave depends only on earlier waves, so a wave runs in parallel.</summary>
    public IReadOnlyList<IReadOnlyList<Step>> Stages => StageOrder.Of(Steps);

    /// <summary>This plan restricted to some step kinds, dependencies outside the selection dropped.</summary>
    public DeployPlan Select(Func<Step, bool> keep)
    {
        var kept = Steps.Where(keep).ToArray();
        var ids = kept.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        return this with { Steps = kept.Select(s => s with { DependsOn = s.DependsOn.Where(ids.Contains).ToArray() }).ToArray() };
    }
}

/// <summary>Why the plan exists.</summary>
public enum PlanMode
{
    /// <summary>Build what this commit needs and deploy it.</summary>
    Release,
    /// <summary>Ship the exact digests another environment verified; nothing is built.</summary>
    Promotion,
    /// <summary>Return the environment to its last verified release; migrations are not undone.</summary>
    Rollback,
}

/// <summary>Topological waves of a step DAG.</summary>
internal static class StageOrder
{
    public static IReadOnlyList<IReadOnlyList<Step>> Of(IReadOnlyList<Step> steps)
    {
        var stageOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        int Stage(Step step, HashSet<string> visiting)
        {
            if (stageOf.TryGetValue(step.Id, out var known)) return known;
            if (!visiting.Add(step.Id)) throw new InvalidOperationException($"The plan has a cycle through '{step.Id}'.");
            var stage = step.DependsOn.Where(byId.ContainsKey).Select(d => Stage(byId[d], visiting) + 1).DefaultIfEmpty(0).Max();
            visiting.Remove(step.Id);
            return stageOf[step.Id] = stage;
        }
        foreach (var step in steps) Stage(step, []);
        return steps.GroupBy(s => stageOf[s.Id]).OrderBy(g => g.Key).Select(g => (IReadOnlyList<Step>)g.ToArray()).ToArray();
    }
}
