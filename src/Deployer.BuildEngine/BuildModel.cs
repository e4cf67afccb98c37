using System.Reflection;

namespace Deployer.BuildEngine;

/// <summary>The targets and parameters of one build class, found by reflection.</summary>
internal sealed class BuildModel
{
    private const BindingFlags Declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private BuildModel(IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<TargetEdge> edges, IReadOnlyList<BuildParameter> parameters)
    {
        Targets = targets;
        Edges = edges;
        Parameters = parameters;
    }

    /// <summary>In declaration order, base classes first.</summary>
    public IReadOnlyList<ExecutableTarget> Targets { get; }

    public IReadOnlyList<TargetEdge> Edges { get; }
    public IReadOnlyList<BuildParameter> Parameters { get; }

    public ExecutableTarget? Find(string name) =>
        Targets.FirstOrDefault(x => Naming.AreEquivalent(x.Name, name));

    public ExecutableTarget? Find(Target factory) => Targets.FirstOrDefault(x => x.Factory.Equals(factory));

    public static BuildModel Discover(NukeBuild build)
    {
        var properties = TargetProperties(build.GetType());
        var targets = new List<ExecutableTarget>();
        var byDelegate = new Dictionary<Delegate, ExecutableTarget>();
        foreach (var property in properties)
        {
            // Each getter returns a fresh delegate, but delegates compare equal by target and method,
            // so the value from `Other`'s getter inside DependsOn(Other) maps back to this entry.
            var factory = (Target?)property.GetValue(build)
                ?? throw BuildConfigurationException.InBuild($"Target '{property.Name}' returned null.");
            var definition = new TargetDefinition();
            factory(definition);
            var target = new ExecutableTarget(property.Name, targets.Count, factory, definition);
            targets.Add(target);
            byDelegate.TryAdd(factory, target);
        }

        var errors = new List<string>();
        var edges = new List<TargetEdge>();
        foreach (var target in targets)
        {
            var d = target.Definition;
            foreach (var other in Resolve(d.DependsOnTargets))
                Link(other, target, EdgeKind.DependsOn, () => target.Dependencies.Add(other));
            foreach (var other in Resolve(d.DependentForTargets))
                Link(target, other, EdgeKind.DependsOn, () => other.Dependencies.Add(target));
            foreach (var other in Resolve(d.TriggersTargets))
                Link(target, other, EdgeKind.Triggers, () => target.Triggers.Add(other));
            foreach (var other in Resolve(d.TriggeredByTargets))
                Link(other, target, EdgeKind.Triggers, () => other.Triggers.Add(target));
            foreach (var other in Resolve(d.BeforeTargets))
                Link(target, other, EdgeKind.Ordering, () => { });
            foreach (var other in Resolve(d.AfterTargets))
                Link(other, target, EdgeKind.Ordering, () => { });

            IEnumerable<ExecutableTarget> Resolve(IEnumerable<Target> references)
            {
                foreach (var reference in references)
                {
                    if (byDelegate.TryGetValue(reference, out var resolved))
                        yield return resolved;
                    else
                        errors.Add($"Target '{target.Name}' refers to a target that is not a Target property of {build.GetType().Name}.");
                }
            }
        }

        if (errors.Count > 0)
            throw BuildConfigurationException.InBuild(errors);

        return new BuildModel(targets, edges, DiscoverParameters(build.GetType()));

        void Link(ExecutableTarget from, ExecutableTarget to, EdgeKind kind, Action relate)
        {
            if (edges.Contains(new TargetEdge(from, to, kind)))
                return;
            edges.Add(new TargetEdge(from, to, kind));
            relate();
        }
    }

    /// <summary>Every <see cref="Target"/> property, base classes first, in declaration order; overrides keep the base position.</summary>
    public static IReadOnlyList<PropertyInfo> TargetProperties(Type buildType)
    {
        var result = new List<PropertyInfo>();
        foreach (var type in Hierarchy(buildType))
        {
            var declared = type.GetProperties(Declared)
                .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is not null && p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.MetadataToken);
            foreach (var property in declared)
            {
                var existing = result.FindIndex(x => x.Name == property.Name);
                if (existing >= 0)
                    result[existing] = property;
                else
                    result.Add(property);
            }
        }

        return result;
    }

    public static IReadOnlyList<BuildParameter> DiscoverParameters(Type buildType)
    {
        var parameters = new List<BuildParameter>();
        foreach (var type in Hierarchy(buildType))
        {
            var members = type.GetFields(Declared).Cast<MemberInfo>()
                .Concat(type.GetProperties(Declared))
                .OrderBy(m => m.MetadataToken);
            foreach (var member in members)
            {
                if (member.GetCustomAttribute<ParameterAttribute>() is not { } attribute)
                    continue;
                var parameter = new BuildParameter(member, attribute, member.IsDefined(typeof(SecretAttribute)));
                if (!parameter.CanBeSet)
                    throw BuildConfigurationException.InBuild($"Parameter '{member.Name}' of {type.Name} has no setter or backing field to inject into.");
                if (!ValueConverter.Supports(parameter.Type))
                    throw BuildConfigurationException.InBuild($"Parameter '{member.Name}' of {type.Name} has type {parameter.Type.Name}, which cannot be read from text.");
                if (CommandLine.IsEngineOption(parameter.Normalized))
                    throw BuildConfigurationException.InBuild($"Parameter '{member.Name}' of {type.Name} clashes with the engine option '{parameter.Option}'.");
                parameters.RemoveAll(x => x.Normalized == parameter.Normalized && x.Member.Name == member.Name);
                parameters.Add(parameter);
            }
        }

        var duplicates = parameters.GroupBy(p => p.Normalized).Where(g => g.Count() > 1).Select(g => g.First().Option).ToList();
        if (duplicates.Count > 0)
            throw BuildConfigurationException.InBuild(duplicates.Select(d => $"Several parameters answer to '{d}'.").ToList());
        return parameters;
    }

    /// <summary>From the class just below <see cref="NukeBuild"/> down to <paramref name="buildType"/>.</summary>
    private static IEnumerable<Type> Hierarchy(Type buildType)
    {
        var chain = new Stack<Type>();
        for (var type = buildType; type is not null && type != typeof(NukeBuild) && type != typeof(object); type = type.BaseType)
            chain.Push(type);
        return chain;
    }
}
