using System.Text.RegularExpressions;

namespace Deployer.Simulators.Ecs.Operations;

/// <summary>Name rules the service enforces.</summary>
internal static partial class Validation
{
    /// <summary>Cluster, service and task definition family names: up to 255 letters, digits, hyphens and underscores.</summary>
    public static bool IsName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex NamePattern();
}
