using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using Deployer.Text;

namespace Deployer.Config;

internal enum ShapeKind { Scalar, Record, List, Map }

/// <summary>One config member: its YAML key, its type, whether it must be written, its description and how it is set.</summary>
internal sealed record ConfigMember(string Key, Type Type, bool Required, string? Description, Action<object, object?> Set)
{
    public static ConfigMember Of(PropertyInfo property) => new(
        Naming.CamelCase(property.Name),
        property.PropertyType,
        property.GetCustomAttribute<RequiredMemberAttribute>() is not null,
        property.GetCustomAttribute<DescriptionAttribute>()?.Description,
        property.SetValue);

    /// <summary>A module's section, stored in the record's <see cref="ISectioned.Sections"/>.</summary>
    public static ConfigMember Of(ISection section) =>
        new(section.Key, section.Type, false, section.Description, (record, value) => ((ISectioned)record).SetSection(section.Key, value));
}

/// <summary>
/// The shape of a config type read from the records themselves, so that binding, validation and the published
/// JSON Schema can never disagree about which keys exist.
/// </summary>
internal sealed record ConfigShape(Type Type, ShapeKind Kind, Type? Element, IReadOnlyList<ConfigMember> Members)
{
    private static readonly ConcurrentDictionary<Type, ConfigShape> Cache = new();

    public static ConfigShape Of(Type type) => Cache.GetOrAdd(type, Create);

    public static IReadOnlyList<string> EnumNames(Type enumType) =>
        Enum.GetNames(enumType).Select(Naming.CamelCase).ToArray();

    public string Describe() => Type switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(int) => "a whole number",
        var t when t == typeof(double) => "a number",
        { IsEnum: true } => "one of " + string.Join(", ", EnumNames(Type)),
        _ => Kind switch { ShapeKind.List => "a list", _ => "a mapping" },
    };

    private static ConfigShape Create(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(double))
            return new ConfigShape(type, ShapeKind.Scalar, null, []);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            return new ConfigShape(type, ShapeKind.List, type.GetGenericArguments()[0], []);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            return new ConfigShape(type, ShapeKind.Map, type.GetGenericArguments()[1], []);
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != "EqualityContract")
            .Select(ConfigMember.Of)
            .ToArray();
        return new ConfigShape(type, ShapeKind.Record, null, members);
    }
}
