using Deployer.Text;

namespace Deployer.Planning;

/// <summary>
/// Turns output references into plan data: a step that reads an output depends on its producer and moves to the
/// producer's phase when that is later (a frontend build that bakes in a stack's API URL runs after the stack's deploy,
/// not with the other artifacts). Refuses, naming each place, a reference to something this environment does not deploy
/// and references that form a cycle. Pure.
/// </summary>
public static class OutputEdges
{
    /// <summary>The planned steps with the references' dependencies and phases applied.</summary>
    public static IReadOnlyList<(Step Step, PlanPhase Phase)> Apply(IReadOnlyList<(Step Step, PlanPhase Phase)> planned, string environment)
    {
        var producers = planned.Where(p => p.Step is IProducesOutputs).ToDictionary(p => p.Step.Id, p => p.Phase, StringComparer.Ordinal);
        var problems = new List<string>();
        var result = new List<(Step, PlanPhase)>();
        foreach (var (step, phase) in planned)
        {
            var references = (step as IReadsOutputs)?.References ?? [];
            foreach (var unknown in references.Where(r => !producers.ContainsKey(r.Producer)))
                problems.Add($"{unknown.Setting}: {unknown.Text} names no {unknown.Provider} step deployed in {environment}" +
                             Suggestion.DidYouMean(unknown.Producer, producers.Keys) +
                             (producers.Count == 0 ? "" : $"; outputs come from {string.Join(", ", producers.Keys.Order(StringComparer.Ordinal))}"));
            var known = references.Where(r => producers.ContainsKey(r.Producer)).ToArray();
            var edges = known.Select(r => r.Producer).Where(id => !step.DependsOn.Contains(id)).Distinct().ToArray();
            var latest = known.Select(r => producers[r.Producer]).Append(phase).Max();
            result.Add((edges.Length == 0 ? step : step with { DependsOn = [.. step.DependsOn, .. edges] }, latest));
        }
        if (problems.Count > 0) throw new PlanningException(string.Join("\n", problems));
        return result;
    }

    /// <summary>Refuses a plan whose references close a cycle (stack a's parameter reads b's output and b's reads a's), naming the settings.</summary>
    public static void RefuseCycles(IReadOnlyList<Step> steps)
    {
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var step in steps) Visit(step);

        void Visit(Step step)
        {
            if (done.Contains(step.Id)) return;
            var at = path.IndexOf(step.Id);
            if (at >= 0) throw Cycle(path.Skip(at).Append(step.Id).ToArray());
            path.Add(step.Id);
            foreach (var dependency in step.DependsOn.Where(byId.ContainsKey)) Visit(byId[dependency]);
            path.RemoveAt(path.Count - 1);
            done.Add(step.Id);
        }

        PlanningException Cycle(string[] cycle)
        {
            // The path runs from a step to what it depends on; the references along it are where to break the cycle.
            var settings = cycle.Zip(cycle.Skip(1))
                .SelectMany(edge => ((byId[edge.First] as IReadsOutputs)?.References ?? []).Where(r => r.Producer == edge.Second))
                .Select(r => $"{r.Setting} ({r.Text})").Distinct().ToArray();
            var around = string.Join(" → ", cycle);
            return new PlanningException(settings.Length == 0
                ? $"The plan has a cycle: {around}."
                : $"{string.Join(", ", settings)}: output references form a cycle, each step waiting for the next: {around}.");
        }
    }
}
