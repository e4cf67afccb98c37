namespace Deployer.Config;

/// <summary>Where a section sits in the description: at the top level or inside each environment.</summary>
public enum SectionScope { Description, Environment }

/// <summary>
/// A key of the description that a provider module owns (<c>services</c>, <c>vercel</c>, <c>migrations</c>): bound,
/// validated and put into the JSON Schema like the built-in keys, but declared by the module, so a new provider adds
/// keys without editing the description records.
/// </summary>
public interface ISection
{
    SectionScope Scope { get; }
    string Key { get; }
    Type Type { get; }
    string Description { get; }
}

/// <summary>A typed section; <see cref="Of(EnvironmentSpec)"/> is how code reads it (a renamed section fails to compile).</summary>
public sealed record Section<T>(SectionScope Scope, string Key, string Description, T Default) : ISection
{
    public Type Type => typeof(T);

    public T Of(EnvironmentSpec environment) => Read(environment.Sections);

    public T Of(DeployDescription description) => Read(description.Sections);

    private T Read(IReadOnlyDictionary<string, object> sections) =>
        sections.TryGetValue(Key, out var value) && value is T typed ? typed : Default;
}

/// <summary>A record that holds module sections besides its own members.</summary>
public interface ISectioned
{
    SectionScope Scope { get; }
    IReadOnlyDictionary<string, object> Sections { get; }

    /// <summary>Used by the binder only, while the record is being built.</summary>
    internal void SetSection(string key, object? value);
}

/// <summary>The section values a sectioned record holds: immutable, ordinal keys; a null value removes the key.</summary>
internal static class SectionValues
{
    public static System.Collections.Immutable.ImmutableDictionary<string, object> Empty { get; } =
        System.Collections.Immutable.ImmutableDictionary<string, object>.Empty.WithComparers(StringComparer.Ordinal);

    public static System.Collections.Immutable.ImmutableDictionary<string, object> With(
        this System.Collections.Immutable.ImmutableDictionary<string, object> sections, string key, object? value) =>
        value is null ? sections.Remove(key) : sections.SetItem(key, value);
}

/// <summary>The sections every module declares; the loader and the schema generator read the description through it.</summary>
public sealed class DescriptionSections
{
    public DescriptionSections(IEnumerable<ISection> sections)
    {
        All = sections.ToArray();
        var duplicate = All.GroupBy(s => (s.Scope, s.Key)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Section '{duplicate.Key.Key}' is declared by more than one module.", nameof(sections));
    }

    public IReadOnlyList<ISection> All { get; }

    public IEnumerable<ISection> In(SectionScope scope) => All.Where(s => s.Scope == scope);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IReadOnlyList<ConfigMember>> _members = new();

    /// <summary>
    /// A record's own members, and for a sectioned record the sections the modules declare for its scope: the one list
    /// the binder reads YAML keys against and the schema generator describes.
    /// </summary>
    internal IReadOnlyList<ConfigMember> MembersOf(ConfigShape shape) => _members.GetOrAdd(shape.Type, type =>
        typeof(ISectioned).IsAssignableFrom(type)
            ? [.. shape.Members, .. In(((ISectioned)Activator.CreateInstance(type)!).Scope).Select(ConfigMember.Of)]
            : shape.Members);
}
