namespace Deployer.Tests.Surface;

/// <summary>
/// Every mistake in what is passed to ./build.sh is invalid input: exit code 2, a message naming the parameter (or
/// target, or profile), no stack trace, and no target started.
/// </summary>
public sealed class ParameterMistakeTests : IDisposable
{
    private readonly BuildSurface _build = new();

    public void Dispose() => _build.Dispose();

    public static TheoryData<string, string[], string[]> Mistakes() => new()
    {
        { "an unknown parameter", ["Test", "--enviroment", "staging"], ["Unknown parameter '--enviroment'; did you mean '--environment'?"] },
        { "a bool parameter given a word", ["Test", "--dry-run", "maybe"], ["Parameter '--dry-run'", "expected true or false"] },
        { "an enum parameter given an unknown name", ["Test", "--output", "yaml"], ["Parameter '--output'", "expected one of Text, Json"] },
        { "a parameter without its value", ["Test", "--git-sha"], ["Parameter '--git-sha'", "expected a value"] },
        { "an unknown target", ["DeployStagin"], ["Target with name 'DeployStagin' does not exist"] },
        { "a missing required parameter", ["Deploy", "--dry-run"], ["Parameter 'environment' is required by target Deploy", "--environment"] },
        { "a profile with no file", ["Test", "--profile", "nope"], ["Profile 'nope' not found"] },
        { "an unknown verbosity", ["Test", "--verbosity", "loud"], ["Option '--verbosity' needs one of quiet, minimal, normal, verbose."] },
        { "DeployStaging told to deploy production", ["DeployStaging", "--environment", "production", "--dry-run"],
            ["of target DeployStaging is not met", "Environment == \"staging\"", "Given: --environment production (from command line --environment)."] },
        { "DeployProduction told to deploy staging", ["DeployProduction", "--environment", "staging", "--dry-run"],
            ["of target DeployProduction is not met", "Environment == \"production\"", "Given: --environment staging (from command line --environment)."] },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_in_the_parameters_exits_2_naming_it_before_any_target_runs(string mistake, string[] args, string[] named)
    {
        var result = _build.Run([.. args, "--config", "examples/saas/deploy.yml"]);

        Assert.True(result.ExitCode == 2, $"{mistake}: exit code {result.ExitCode}\n{result.All}");
        foreach (var text in named) Assert.Contains(text, result.Error);
        Assert.DoesNotContain("   at ", result.All);
        Assert.DoesNotContain("Exception", result.All);
        Assert.DoesNotContain("═══", result.All);
        Assert.False(File.Exists(_build.ResultFile), $"{mistake}: a result file was written");
    }

    [Fact]
    public void A_contradiction_from_the_environment_says_which_variable_set_it()
    {
        _build.Environment["ENVIRONMENT"] = "production";

        var result = _build.Run("DeployStaging", "--dry-run", "--config", "examples/saas/deploy.yml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Given: --environment production (from environment variable ENVIRONMENT).", result.Error);
    }

    [Fact]
    public void A_parameter_given_twice_takes_the_last_value()
    {
        var first = Path.Combine(_build.Root, "first.json");

        // BuildSurface passes its own --result-file last.
        var result = _build.Run("DeployStaging", "--dry-run", "--skip", "--config", "examples/saas/deploy.yml", "--result-file", first);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.False(File.Exists(first));
        Assert.True(File.Exists(_build.ResultFile));
    }

    [Fact]
    public void DeployStaging_with_its_own_environment_is_no_contradiction()
    {
        var result = _build.Run("DeployStaging", "--environment", "staging", "--dry-run", "--skip", "--config", "examples/saas/deploy.yml");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("Plan: saas → staging", result.Out);
    }
}
