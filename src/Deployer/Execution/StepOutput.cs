using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Deployer.Execution;

/// <summary>
/// What a step produced, as a record of its own type (<c>ImagePushed</c>, <c>ServiceDeployed</c>, <c>Migrated</c> …).
/// Later steps and the release record read it through <see cref="ExecutionState.OutputOf{T}"/>, so a renamed member
/// fails to compile instead of silently reading nothing.
/// </summary>
public abstract record StepOutput
{
    /// <summary>
    /// The output as kebab-case names and text values: the one rendering used for $GITHUB_OUTPUT and the JSON result.
    /// Null members are left out; lists are joined with spaces.
    /// </summary>
    public IReadOnlyDictionary<string, string> Render()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name == "EqualityContract" || property.GetIndexParameters().Length > 0) continue;
            if (Format(property.GetValue(this)) is { } text) values[Deployer.Text.Naming.KebabCase(property.Name)] = text;
        }
        return values;
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => items.Cast<object?>().Select(Format).Where(t => t is not null).ToArray() is { Length: > 0 } texts ? string.Join(' ', texts) : null,
        _ => value.ToString(),
    };
}
