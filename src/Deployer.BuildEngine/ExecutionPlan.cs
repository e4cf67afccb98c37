namespace Deployer.BuildEngine;

/// <summary>A target in execution order, with the reason it will be skipped, if any.</summary>
internal sealed record PlannedTarget(ExecutableTarget Target, string? SkipReason)
{
    public bool IsSkipped => SkipReason is not null;
}

/// <summary>Works out which targets run and in what order. Pure apart from evaluating static conditions.</summary>
internal static class ExecutionPlan
{
    /// <summary>Fails on the first cycle through any edge kind, naming it in execution order.</summary>
    public static void ThrowOnCycles(BuildModel model)
    {
        var state = new Dictionary<ExecutableTarget, int>(); // 1 = on the current path, 2 = done
        var path = new List<ExecutableTarget>();
        foreach (var target in model.Targets)
            Visit(target);

        void Visit(ExecutableTarget target)
        {
            if (state.GetValueOrDefault(target) == 2)
                return;
            if (state.GetValueOrDefault(target) == 1)
            {
                var cycle = path.Skip(path.IndexOf(target)).Append(target).Select(x => x.Name);
                throw BuildConfigurationException.InBuild($"Circular dependency between targets: {string.Join(" -> ", cycle)}");
            }

            state[target] = 1;
            path.Add(target);
            foreach (var next in Successors(model, target))
                Visit(next);
            path.RemoveAt(path.Count - 1);
            state[target] = 2;
        }
    }

    /// <summary>The invoked targets plus everything they depend on or trigger, transitively.</summary>
    public static HashSet<ExecutableTarget> Closure(IEnumerable<ExecutableTarget> invoked)
    {
        var result = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(invoked);
        while (pending.TryPop(out var target))
        {
            if (!result.Add(target))
                continue;
            foreach (var next in target.Dependencies.Concat(target.Triggers))
                pending.Push(next);
        }

        return result;
    }

    /// <summary>
    /// Topological order over the whole graph, so constraints through targets that do not run still
    /// hold; among targets free to go, the one declared first goes first. Requires an acyclic graph.
    /// </summary>
    public static List<ExecutableTarget> Order(BuildModel model, IReadOnlySet<ExecutableTarget> included)
    {
        var incoming = model.Targets.ToDictionary(t => t, _ => 0);
        foreach (var edge in DistinctEdges(model))
            incoming[edge.To]++;

        var ready = new SortedSet<ExecutableTarget>(model.Targets.Where(t => incoming[t] == 0), ByIndex);
        var result = new List<ExecutableTarget>();
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            if (included.Contains(next))
                result.Add(next);
            foreach (var successor in Successors(model, next))
            {
                if (--incoming[successor] == 0)
                    ready.Add(successor);
            }
        }

        return result;
    }

    /// <summary>
    /// The run's targets in order. A target whose static condition is false is skipped, and so are
    /// targets that only skipped targets needed; <c>--skip</c> skips without pruning dependencies.
    /// </summary>
    public static IReadOnlyList<PlannedTarget> Create(
        BuildModel model, IReadOnlyList<ExecutableTarget> invoked, IReadOnlyList<ExecutableTarget>? skip,
        Func<ExecutableTarget, string?> staticSkipReason)
    {
        var ordered = Order(model, Closure(invoked));
        var skippedByOption = skip switch
        {
            null => [],
            [] => ordered.Except(invoked).ToHashSet(),
            _ => skip.ToHashSet(),
        };

        var staticallySkipped = new Dictionary<ExecutableTarget, string>();
        foreach (var target in ordered.Where(t => !skippedByOption.Contains(t)))
        {
            if (staticSkipReason(target) is { } reason)
                staticallySkipped[target] = reason;
        }

        var needed = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(invoked);
        while (pending.TryPop(out var target))
        {
            if (staticallySkipped.ContainsKey(target) || !needed.Add(target))
                continue;
            foreach (var next in target.Dependencies.Concat(target.Triggers))
                pending.Push(next);
        }

        return ordered.Select(target => new PlannedTarget(target,
            skippedByOption.Contains(target) ? "--skip"
            : staticallySkipped.TryGetValue(target, out var reason) ? reason
            : needed.Contains(target) ? null
            : "only needed by skipped targets")).ToList();
    }

    private static IEnumerable<ExecutableTarget> Successors(BuildModel model, ExecutableTarget target) =>
        DistinctEdges(model).Where(e => e.From == target).Select(e => e.To).OrderBy(t => t.Index);

    private static IEnumerable<TargetEdge> DistinctEdges(BuildModel model) =>
        model.Edges.DistinctBy(e => (e.From, e.To));

    private static readonly Comparer<ExecutableTarget> ByIndex = Comparer<ExecutableTarget>.Create((a, b) => a.Index.CompareTo(b.Index));
}
