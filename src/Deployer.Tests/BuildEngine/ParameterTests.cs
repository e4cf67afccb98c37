using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class ParameterTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public enum Strategy
    {
        Rolling,
        BlueGreen,
    }

    private abstract class SharedParameters : RecordingBuild
    {
        [Parameter("Region to deploy to")] protected readonly string AwsRegion = "us-east-1";
    }

    private sealed class ParameterBuild : SharedParameters
    {
        [Parameter] readonly int Retries = 3;
        [Parameter] readonly bool DryRun = false;
        [Parameter] readonly bool Verify = true;
        [Parameter] readonly Strategy DeployStrategy = Strategy.Rolling;
        [Parameter] readonly string[] Services = [];
        [Parameter(Name = "Env")] string Environment { get; set; } = "staging";
        [Parameter] string Cluster { get; } = "main";

        Target Show => _ => _.Executes(() =>
        {
            Record($"region={AwsRegion}");
            Record($"retries={Retries}");
            Record($"dry-run={DryRun}");
            Record($"verify={Verify}");
            Record($"strategy={DeployStrategy}");
            Record($"services={string.Join(",", Services)}");
            Record($"env={Environment}");
            Record($"cluster={Cluster}");
        });
    }

    private string Value(BuildResult result, string name)
    {
        Assert.True(result.ExitCode == 0, result.Error);
        return result.Log.Single(l => l.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
    }

    [Fact]
    public void The_initializer_applies_when_nothing_sets_the_parameter()
    {
        Assert.Equal("us-east-1", Value(_fixture.Run<ParameterBuild>("Show"), "region"));
    }

    [Fact]
    public void Parameters_json_overrides_the_initializer()
    {
        _fixture.WriteParameters("parameters.json", """{ "$schema": "./build.schema.json", "awsregion": "eu-west-1" }""");

        Assert.Equal("eu-west-1", Value(_fixture.Run<ParameterBuild>("Show"), "region"));
    }

    [Fact]
    public void A_profile_file_overrides_parameters_json()
    {
        _fixture.WriteParameters("parameters.json", """{ "AwsRegion": "eu-west-1", "Retries": 5 }""");
        _fixture.WriteParameters("parameters.prod.json", """{ "AwsRegion": "eu-central-1" }""");

        var result = _fixture.Run<ParameterBuild>("Show", "--profile", "prod");

        Assert.Equal("eu-central-1", Value(result, "region"));
        Assert.Equal("5", Value(result, "retries"));
    }

    [Fact]
    public void Later_profiles_override_earlier_ones()
    {
        _fixture.WriteParameters("parameters.a.json", """{ "AwsRegion": "from-a", "Retries": 7 }""");
        _fixture.WriteParameters("parameters.b.json", """{ "AwsRegion": "from-b" }""");

        var result = _fixture.Run<ParameterBuild>("Show", "--profile", "a", "--profile", "b");

        Assert.Equal("from-b", Value(result, "region"));
        Assert.Equal("7", Value(result, "retries"));
    }

    [Fact]
    public void The_environment_overrides_parameter_files()
    {
        _fixture.WriteParameters("parameters.prod.json", """{ "AwsRegion": "eu-central-1" }""");
        _fixture.Environment["AWS_REGION"] = "ap-south-1";

        Assert.Equal("ap-south-1", Value(_fixture.Run<ParameterBuild>("Show", "--profile", "prod"), "region"));
    }

    [Fact]
    public void The_command_line_overrides_the_environment()
    {
        _fixture.Environment["AWS_REGION"] = "ap-south-1";

        Assert.Equal("sa-east-1", Value(_fixture.Run<ParameterBuild>("Show", "--aws-region", "sa-east-1"), "region"));
    }

    [Fact]
    public void An_empty_environment_variable_does_not_override_a_file_value()
    {
        _fixture.WriteParameters("parameters.json", """{ "AwsRegion": "eu-west-1" }""");
        _fixture.Environment["AWS_REGION"] = "";

        Assert.Equal("eu-west-1", Value(_fixture.Run<ParameterBuild>("Show"), "region"));
    }

    [Theory]
    [InlineData("AWS_REGION")]
    [InlineData("awsregion")]
    [InlineData("NUKE_AWS_REGION")]
    [InlineData("Aws-Region")]
    public void Environment_names_ignore_case_and_separators_and_allow_a_NUKE_prefix(string variable)
    {
        _fixture.Environment[variable] = "eu-north-1";

        Assert.Equal("eu-north-1", Value(_fixture.Run<ParameterBuild>("Show"), "region"));
    }

    [Fact]
    public void The_last_occurrence_on_the_command_line_wins_and_one_dash_equals_two()
    {
        var result = _fixture.Run<ParameterBuild>("Show", "--retries", "1", "-retries", "2");

        Assert.Equal("2", Value(result, "retries"));
    }

    [Fact]
    public void A_bare_bool_flag_is_true_even_when_another_option_follows()
    {
        var result = _fixture.Run<ParameterBuild>("Show", "--dry-run", "--verify", "false");

        Assert.Equal("True", Value(result, "dry-run"));
        Assert.Equal("False", Value(result, "verify"));
    }

    [Fact]
    public void Enum_values_ignore_case_and_dashes()
    {
        Assert.Equal("BlueGreen", Value(_fixture.Run<ParameterBuild>("Show", "--deploy-strategy", "blue-green"), "strategy"));
    }

    [Fact]
    public void Arrays_take_every_value_up_to_the_next_option()
    {
        var result = _fixture.Run<ParameterBuild>("Show", "--services", "api", "worker", "web", "--retries", "4");

        Assert.Equal("api,worker,web", Value(result, "services"));
        Assert.Equal("4", Value(result, "retries"));
    }

    [Fact]
    public void Arrays_from_the_environment_are_whitespace_separated_and_from_files_are_json_arrays()
    {
        _fixture.Environment["SERVICES"] = "api  worker";
        Assert.Equal("api,worker", Value(_fixture.Run<ParameterBuild>("Show"), "services"));

        _fixture.Environment.Clear();
        _fixture.WriteParameters("parameters.json", """{ "Services": ["a", "b"] }""");
        Assert.Equal("a,b", Value(_fixture.Run<ParameterBuild>("Show"), "services"));
    }

    [Fact]
    public void The_Name_override_renames_the_parameter_everywhere()
    {
        _fixture.WriteParameters("parameters.json", """{ "Env": "from-file" }""");
        Assert.Equal("from-file", Value(_fixture.Run<ParameterBuild>("Show"), "env"));
        Assert.Equal("production", Value(_fixture.Run<ParameterBuild>("Show", "--env", "production"), "env"));
    }

    [Fact]
    public void A_get_only_property_is_set_through_its_backing_field()
    {
        Assert.Equal("blue", Value(_fixture.Run<ParameterBuild>("Show", "--cluster", "blue"), "cluster"));
    }

    [Fact]
    public void An_unknown_parameter_is_an_error_that_suggests_the_closest_name()
    {
        var result = _fixture.Run<ParameterBuild>("Show", "--aws-regoin", "eu-west-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Log);
        Assert.Contains("Unknown parameter '--aws-regoin'; did you mean '--aws-region'?", result.Error);
    }

    [Fact]
    public void An_unknown_parameter_far_from_any_name_gets_no_suggestion()
    {
        var result = _fixture.Run<ParameterBuild>("Show", "--x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown parameter '--x'.", result.Error);
    }

    [Fact]
    public void A_value_that_does_not_convert_names_the_parameter_and_its_source()
    {
        var result = _fixture.Run<ParameterBuild>("Show", "--retries", "abc");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Log);
        Assert.Contains("Parameter '--retries' from command line --retries: expected a whole number (got 'abc').", result.Error);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        _fixture.Environment["DEPLOY_STRATEGY"] = "canary";

        var result = _fixture.Run<ParameterBuild>("Show", "--retries", "abc", "--verify", "maybe");

        Assert.Contains("'--retries'", result.Error);
        Assert.Contains("Parameter '--verify' from command line --verify: expected true or false", result.Error);
        Assert.Contains("Parameter '--deploy-strategy' from environment variable DEPLOY_STRATEGY: expected one of Rolling, BlueGreen", result.Error);
    }

    [Fact]
    public void A_missing_profile_file_is_an_error_naming_it()
    {
        var result = _fixture.Run<ParameterBuild>("Show", "--profile", "prod");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Log);
        Assert.Contains($"Profile 'prod' not found: {Path.Combine(_fixture.NukeDirectory, "parameters.prod.json")} does not exist.", result.Error);
    }

    [Fact]
    public void Malformed_json_is_an_error_naming_the_file_and_line()
    {
        _fixture.WriteParameters("parameters.json", "{\n  \"AwsRegion\": \"eu-west-1\",\n  \"Retries\" 3\n}");

        var result = _fixture.Run<ParameterBuild>("Show");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{Path.Combine(_fixture.NukeDirectory, "parameters.json")}:3: malformed JSON", result.Error);
    }

    [Fact]
    public void An_unknown_key_in_a_parameter_file_is_an_error_with_its_line_and_a_suggestion()
    {
        _fixture.WriteParameters("parameters.json", "{\n  \"AwsRegion\": \"eu-west-1\",\n  \"Retires\": 3\n}");

        var result = _fixture.Run<ParameterBuild>("Show");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"parameters.json:3: Unknown parameter 'Retires'; did you mean 'Retries'?", result.Error);
    }

    [Fact]
    public void Parameter_files_can_choose_the_targets()
    {
        _fixture.WriteParameters("parameters.ci.json", """{ "Target": ["Show"], "Verbosity": "minimal" }""");

        var result = _fixture.Run<ParameterBuild>("--profile", "ci");

        Assert.Equal("us-east-1", Value(result, "region"));
        Assert.DoesNotContain("═══ Show", result.Out);
    }
}
