namespace Deployer.BuildEngine;

/// <summary>
/// Marks a field or property as a build parameter, set from the command line (<c>--kebab-name</c>),
/// the environment, or <c>.nuke/parameters*.json</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    /// <summary>Shown in <c>--help</c> and in the generated schema.</summary>
    public string? Description { get; } = description;

    /// <summary>Overrides the member name, from which the command-line and environment names are derived.</summary>
    public string? Name { get; init; }
}
