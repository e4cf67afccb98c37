using Deployer.Planning;
using Deployer.Tests.Support.Layers;

namespace Deployer.Tests.Layers;

/// <summary>
/// The library's areas (the namespace under <c>Deployer.</c>) depend on each other in one direction. Read from the
/// compiled IL, so a dependency through a lambda, an async method or a fully qualified name counts too.
/// </summary>
public class AreaDependencyTests
{
    private static readonly Dictionary<string, IReadOnlySet<string>> Uses = AreaGraph();

    [Theory]
    [InlineData("Planning", "Releases")]  // plans read a ShippedRelease; how releases are stored is the Releases area's business
    [InlineData("Secrets", "Aws")]         // the resolver reads through SecretStore; the AWS clients use Secret, not the reverse
    [InlineData("Planning", "Runs")]
    [InlineData("Config", "Planning")]
    public void An_area_does_not_use_a_later_one(string area, string later) =>
        Assert.False(Uses.GetValueOrDefault(area)?.Contains(later) ?? false,
            $"{area} uses {later}: {string.Join(", ", Offenders(area, later))}");

    [Fact]
    public void Pipeline_stages_and_utilities_form_no_cycle_of_two()
    {
        string[] areas = ["Config", "Planning", "Execution", "Releases", "Secrets", "Aws", "Text", "Resilience", "Output", "Artifacts"];
        var cycles = (from a in areas from b in areas
                      where string.CompareOrdinal(a, b) < 0 && Uses[a].Contains(b) && Uses[b].Contains(a)
                      select $"{a} ↔ {b} ({string.Join(", ", Offenders(a, b).Take(3))} / {string.Join(", ", Offenders(b, a).Take(3))})").ToArray();
        Assert.True(cycles.Length == 0, "cycles: " + string.Join("; ", cycles));
    }

    [Fact]
    public void The_reader_sees_a_dependency_that_only_a_lambda_has()
    {
        // The test's own instrument: a type whose only use of Deployer.Planning is inside a lambda's body.
        Assert.Contains(typeof(PlanMode), TypeReferences.Of(typeof(LambdaOnly)));
    }

    private sealed class LambdaOnly
    {
        public Func<object> Make => () => PlanMode.Rollback.ToString();
    }

    private static IEnumerable<string> Offenders(string area, string used) =>
        Types(area).Where(t => TypeReferences.Of(t).Any(r => Area(r) == used)).Select(t => t.FullName ?? t.Name).Order().Take(5);

    private static IEnumerable<Type> Types(string area) =>
        typeof(PlanMode).Assembly.GetTypes().Where(t => !t.IsNested && Area(t) == area);

    private static Dictionary<string, IReadOnlySet<string>> AreaGraph() =>
        typeof(PlanMode).Assembly.GetTypes().Where(t => !t.IsNested && Area(t) is not null)
            .GroupBy(t => Area(t)!)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.SelectMany(TypeReferences.Of)
                .Where(r => r.Assembly == typeof(PlanMode).Assembly)
                .Select(Area).OfType<string>().Where(a => a != g.Key).ToHashSet());

    private static string? Area(Type type) =>
        type.Namespace?.Split('.') is ["Deployer", var area, ..] ? area : null;
}
