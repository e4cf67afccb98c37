using Deployer.Text;

namespace Deployer.Config;

/// <summary>
/// What a valid description may ask for but this version of Deployer cannot run. Refused with the description's
/// errors (exit 2, before any change and in the dry run too), so no plan promises a step that would fail mid-release.
/// </summary>
public static class Availability
{
    /// <summary>Registry kinds whose providers are not part of this version.</summary>
    public static readonly IReadOnlySet<RegistryKind> UnavailableRegistries = new HashSet<RegistryKind>();

    public static IEnumerable<ConfigIssue> Check(DeployDescription description)
    {
        foreach (var (name, env) in description.Environments)
            if (env.Registry is { } registry && UnavailableRegistries.Contains(registry.Kind))
                yield return new ConfigIssue($"{ConfigPath.Key("environments", name)}.registry.kind",
                    $"registry kind '{Naming.CamelCase(registry.Kind.ToString())}' is not available in this version of Deployer ");
    }
}
