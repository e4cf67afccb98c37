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
    [InlineData("${MISSING:-${B:-x}}", "beta")]
    [InlineData("${MISSING:-${NONE:-x}}", "x")]
    [InlineData("${MISSING:-a${A}b}", "aalphab")]
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

    [Theory]
    [InlineData("${HOME", "'${HOME' is never closed with '}'")]
    [InlineData("${A:-${B:-x}", "'${A:-${B:-x}' is never closed with '}'")]
    [InlineData("x${}", "'${}' is not a variable reference")]
    [InlineData("${A B}", "'${A B}' is not a variable reference")]
    [InlineData("${1A}", "'${1A}' is not a variable reference")]
    public void A_reference_that_cannot_be_read_is_a_problem_not_a_literal(string input, string problem)
    {
        var problems = new List<string>();

        Interpolation.Expand(input, _ => null, new List<string>(), problems);

        Assert.StartsWith(problem, Assert.Single(problems));
    }
}
