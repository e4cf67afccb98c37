using Deployer.Config;

namespace Deployer.Tests.Config;

public class InterpolationTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("${A}", "alpha")]
    [InlineData("x-${A}-${B}", "x-alpha-beta")]
    [InlineData("${MISSING:-fallback}", "fallback")]
    [InlineData("${A:-unused}", "alpha")]
    [InlineData("$$${A}", "$alpha")]
    [InlineData("cost $5", "cost $5")]
    [InlineData("${unclosed", "${unclosed")]
    public void Expands_references_from_the_environment(string input, string expected)
    {
        var environment = new Dictionary<string, string> { ["A"] = "alpha", ["B"] = "beta" };
        var missing = new List<string>();

        Assert.Equal(expected, Interpolation.Expand(input, n => environment.GetValueOrDefault(n), missing));
        Assert.Empty(missing);
    }

    [Fact]
    public void Reports_every_unset_variable_without_a_default()
    {
        var missing = new List<string>();

        Interpolation.Expand("${ONE}/${TWO:-2}/${THREE}", _ => null, missing);

        Assert.Equal(["ONE", "THREE"], missing);
    }
}
