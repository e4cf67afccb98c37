using System.Reflection;

namespace Deployer.BuildEngine;

/// <summary>A <see cref="ParameterAttribute"/> member, with the names it answers to everywhere.</summary>
internal sealed class BuildParameter
{
    private readonly FieldInfo? _field;
    private readonly PropertyInfo? _property;

    public BuildParameter(MemberInfo member, ParameterAttribute attribute, bool isSecret)
    {
        Member = member;
        Name = attribute.Name ?? member.Name.TrimStart('_');
        Description = attribute.Description;
        IsSecret = isSecret;
        switch (member)
        {
            case FieldInfo field:
                _field = field;
                Type = field.FieldType;
                break;
            case PropertyInfo property:
                _property = property;
                Type = property.PropertyType;
                // A get-only auto-property can still be injected through its compiler-generated field.
                if (property.SetMethod is null)
                    _field = property.DeclaringType!.GetField($"<{property.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic);
                break;
            default:
                throw new ArgumentException($"{member.Name} is neither a field nor a property.", nameof(member));
        }
    }

    public MemberInfo Member { get; }

    /// <summary>Member name or <see cref="ParameterAttribute.Name"/>; the key in parameter files and the schema.</summary>
    public string Name { get; }

    public string CliName => Naming.ToKebabCase(Name);
    public string Option => "--" + CliName;
    public string Normalized => Naming.Normalize(Name);
    public string? Description { get; }
    public bool IsSecret { get; }
    public Type Type { get; } = typeof(object);
    public bool CanBeSet => _field is not null || _property?.SetMethod is not null;

    /// <summary>Parameter files may use the member name even when <see cref="ParameterAttribute.Name"/> renames it.</summary>
    public bool AnswersTo(string key) =>
        Naming.Normalize(key) == Normalized || Naming.Normalize(key) == Naming.Normalize(Member.Name);

    public object? GetValue(NukeBuild build) => _property is not null ? _property.GetValue(build) : _field!.GetValue(build);

    public void SetValue(NukeBuild build, object? value)
    {
        if (_property?.SetMethod is not null)
            _property.SetValue(build, value);
        else
            _field!.SetValue(build, value);
    }

    public bool Refers(System.Linq.Expressions.MemberExpression expression) =>
        expression.Member.Name == Member.Name && expression.Member.DeclaringType == Member.DeclaringType;
}
