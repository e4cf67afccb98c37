using System.Linq.Expressions;

namespace Deployer.BuildEngine;

/// <summary>Fluent description of a target, with NUKE's names so a later switch to Nuke.Common is mechanical.</summary>
public interface ITargetDefinition
{
    /// <summary>Text shown next to the target in <c>--help</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>Adds an action; several actions run in the order they were added.</summary>
    ITargetDefinition Executes(Action action);

    /// <inheritdoc cref="Executes(Action)"/>
    ITargetDefinition Executes(Func<Task> action);

    /// <summary>Adds an action that receives the run's cancellation token (cancelled on SIGINT/SIGTERM).</summary>
    ITargetDefinition Executes(Func<CancellationToken, Task> action);

    /// <summary>The given targets join the run and finish before this one.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>The reverse of <see cref="DependsOn"/>: the given targets depend on this one.</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    /// <summary>Ordering only: when both run, this one runs before the given targets.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>Ordering only: when both run, this one runs after the given targets.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>The given targets join the run and follow this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>The reverse of <see cref="Triggers"/>: this target joins the run after any of the given ones.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Conditions evaluated before anything runs; false skips the target (and dependencies only it needs).</summary>
    ITargetDefinition OnlyWhenStatic(params Expression<Func<bool>>[] conditions);

    /// <summary>Conditions evaluated right before the target runs; false skips it.</summary>
    ITargetDefinition OnlyWhenDynamic(params Expression<Func<bool>>[] conditions);

    /// <summary>The given parameters must be set (not null, empty or default); checked before the first target runs.</summary>
    ITargetDefinition Requires<T>(params Expression<Func<T>>[] parameterRequirement);

    /// <summary>The given conditions must hold; checked before the first target runs.</summary>
    ITargetDefinition Requires(params Expression<Func<bool>>[] requirement);

    /// <summary>A failure of this target does not stop the run (the build still fails).</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target runs even after an earlier target failed, e.g. to release a lock.</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hides the target from <c>--help</c>; it can still be invoked.</summary>
    ITargetDefinition Unlisted();
}
