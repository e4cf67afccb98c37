namespace Deployer.BuildEngine;

/// <summary>A discovered target with its references resolved to other targets.</summary>
internal sealed class ExecutableTarget(string name, int index, Target factory, TargetDefinition definition)
{
    public string Name { get; } = name;

    /// <summary>Declaration position in the build class (base classes first); breaks ordering ties.</summary>
    public int Index { get; } = index;

    /// <summary>The delegate the property returned; other targets and default-target expressions refer to it.</summary>
    public Target Factory { get; } = factory;

    public TargetDefinition Definition { get; } = definition;

    /// <summary>DependsOn plus the inverse of DependentFor.</summary>
    public List<ExecutableTarget> Dependencies { get; } = [];

    /// <summary>Triggers plus the inverse of TriggeredBy: targets that join the run after this one.</summary>
    public List<ExecutableTarget> Triggers { get; } = [];

    public string? Description => Definition.DescriptionText;
    public bool IsListed => !Definition.IsUnlisted;

    public override string ToString() => Name;
}

/// <summary>Why <see cref="TargetEdge.From"/> runs before <see cref="TargetEdge.To"/>.</summary>
internal enum EdgeKind
{
    DependsOn,
    Triggers,
    Ordering,
}

/// <summary>An execution-order constraint: <see cref="From"/> runs before <see cref="To"/> when both run.</summary>
internal sealed record TargetEdge(ExecutableTarget From, ExecutableTarget To, EdgeKind Kind);
