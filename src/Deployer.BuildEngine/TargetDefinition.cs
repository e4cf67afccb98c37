using System.Linq.Expressions;

namespace Deployer.BuildEngine;

/// <summary>What a target's delegate declared; read once by the engine, never executed by itself.</summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> DependentForTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<Expression<Func<bool>>> StaticConditions { get; } = [];
    public List<Expression<Func<bool>>> DynamicConditions { get; } = [];
    public List<Requirement> Requirements { get; } = [];
    public bool IsProceedAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public bool IsUnlisted { get; private set; }

    ITargetDefinition ITargetDefinition.Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    ITargetDefinition ITargetDefinition.Executes(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Actions.Add(_ =>
        {
            action();
            return Task.CompletedTask;
        });
        return this;
    }

    ITargetDefinition ITargetDefinition.Executes(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Actions.Add(_ => action());
        return this;
    }

    ITargetDefinition ITargetDefinition.Executes(Func<CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Actions.Add(action);
        return this;
    }

    ITargetDefinition ITargetDefinition.DependsOn(params Target[] targets) => Add(DependsOnTargets, targets);
    ITargetDefinition ITargetDefinition.DependentFor(params Target[] targets) => Add(DependentForTargets, targets);
    ITargetDefinition ITargetDefinition.Before(params Target[] targets) => Add(BeforeTargets, targets);
    ITargetDefinition ITargetDefinition.After(params Target[] targets) => Add(AfterTargets, targets);
    ITargetDefinition ITargetDefinition.Triggers(params Target[] targets) => Add(TriggersTargets, targets);
    ITargetDefinition ITargetDefinition.TriggeredBy(params Target[] targets) => Add(TriggeredByTargets, targets);
    ITargetDefinition ITargetDefinition.OnlyWhenStatic(params Expression<Func<bool>>[] conditions) => Add(StaticConditions, conditions);
    ITargetDefinition ITargetDefinition.OnlyWhenDynamic(params Expression<Func<bool>>[] conditions) => Add(DynamicConditions, conditions);

    ITargetDefinition ITargetDefinition.Requires<T>(params Expression<Func<T>>[] parameterRequirement) =>
        Add(Requirements, parameterRequirement.Select(x => new Requirement(x, IsParameter: true)).ToArray());

    ITargetDefinition ITargetDefinition.Requires(params Expression<Func<bool>>[] requirement) =>
        Add(Requirements, requirement.Select(x => new Requirement(x, IsParameter: false)).ToArray());

    ITargetDefinition ITargetDefinition.ProceedAfterFailure()
    {
        IsProceedAfterFailure = true;
        return this;
    }

    ITargetDefinition ITargetDefinition.AssuredAfterFailure()
    {
        IsAssuredAfterFailure = true;
        return this;
    }

    ITargetDefinition ITargetDefinition.Unlisted()
    {
        IsUnlisted = true;
        return this;
    }

    private TargetDefinition Add<TItem>(List<TItem> list, TItem[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
            list.Add(item ?? throw new ArgumentNullException(nameof(items), "A target definition received a null entry."));
        return this;
    }
}

/// <summary>
/// A <c>Requires</c> clause. Parameter requirements ("must be set") and boolean requirements
/// ("must hold") fail with different messages, so the kind is kept.
/// </summary>
internal sealed record Requirement(LambdaExpression Expression, bool IsParameter);
