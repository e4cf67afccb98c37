namespace Deployer.Planning;

/// <summary>How a build target picks its slice of a plan: by provider module name or by step kind, never by CLR type.</summary>
public static class StepFilter
{
    public static Func<Step, bool> All { get; } = _ => true;

    /// <summary>The steps of these provider modules (<c>ecs</c>, <c>migrations</c> …).</summary>
    public static Func<Step, bool> Providers(params string[] providers) => step => providers.Contains(step.Provider, StringComparer.Ordinal);

    /// <summary>The steps of these kinds (<c>BuildImage</c>, <c>PushImage</c> …), as plans print them.</summary>
    public static Func<Step, bool> Kinds(params string[] kinds) => step => kinds.Contains(step.Kind, StringComparer.Ordinal);
}
