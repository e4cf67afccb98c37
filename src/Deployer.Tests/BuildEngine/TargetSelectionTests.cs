using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class TargetSelectionTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class DeployBuild : RecordingBuild
    {
        Target Restore => _ => _.Executes(() => Record("Restore"));
        public Target Compile => _ => _.DependsOn(Restore).Executes(() => Record("Compile"));
        Target DeployProduction => _ => _.DependsOn(Compile).Executes(() => Record("DeployProduction"));
        Target Smoke_Test => _ => _.Executes(() => Record("Smoke_Test"));
        Target Internal => _ => _.Unlisted().Executes(() => Record("Internal"));
    }

    [Theory]
    [InlineData("deploy-production")]
    [InlineData("DEPLOYPRODUCTION")]
    [InlineData("deploy_production")]
    public void Target_names_ignore_case_dashes_and_underscores(string name)
    {
        var result = _fixture.Run<DeployBuild>(name);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile", "DeployProduction"], result.Log);
    }

    [Theory]
    [InlineData("--target", "Compile+smoke-test")]
    [InlineData("--target", "Compile", "SmokeTest")]
    [InlineData("Compile+SmokeTest")]
    [InlineData("Compile", "SmokeTest")]
    public void Several_targets_can_be_invoked_at_once(params string[] args)
    {
        var result = _fixture.Run<DeployBuild>(args);

        Assert.Equal(["Restore", "Compile", "Smoke_Test"], result.Log);
    }

    [Fact]
    public void The_default_target_runs_when_none_is_given()
    {
        var result = _fixture.Run<DeployBuild>([], x => x.Compile);

        Assert.Equal(["Restore", "Compile"], result.Log);
    }

    [Fact]
    public void Without_a_target_or_a_default_nothing_runs_and_the_targets_are_listed()
    {
        var result = _fixture.Run<DeployBuild>();

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Log);
        Assert.Contains("No target was given", result.Error);
    }

    [Fact]
    public void An_unknown_target_is_reported_with_the_sorted_list_of_available_targets()
    {
        var result = _fixture.Run<DeployBuild>("Deploy");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Log);
        var expected = string.Join(Environment.NewLine,
            "Target with name 'Deploy' does not exist. Available targets are:",
            "  - Compile",
            "  - DeployProduction",
            "  - Restore",
            "  - Smoke_Test");
        Assert.Equal(expected, result.Error.TrimEnd());
    }

    [Fact]
    public void Unlisted_targets_can_still_be_invoked()
    {
        var result = _fixture.Run<DeployBuild>("internal");

        Assert.Equal(["Internal"], result.Log);
    }

    [Fact]
    public void A_bare_skip_skips_every_target_that_was_not_invoked()
    {
        var result = _fixture.Run<DeployBuild>("DeployProduction", "--skip");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["DeployProduction"], result.Log);
        Assert.Equal("Skipped", result.StatusOf("Restore"));
        Assert.Equal("Skipped", result.StatusOf("Compile"));
        Assert.Equal("Succeeded", result.StatusOf("DeployProduction"));
    }

    [Theory]
    [InlineData("--skip", "compile")]
    [InlineData("--skip", "Compile+Smoke_Test")]
    [InlineData("--skip", "Compile", "SmokeTest")]
    public void Named_skips_skip_only_those_targets_and_keep_their_place(params string[] skip)
    {
        var result = _fixture.Run<DeployBuild>(["DeployProduction", .. skip]);

        Assert.Equal(["Restore", "DeployProduction"], result.Log);
        var rows = result.Out.Split('\n').Where(l => l.StartsWith("Restore ") || l.StartsWith("Compile ") || l.StartsWith("DeployProduction ")).ToList();
        Assert.Equal(["Restore", "Compile", "DeployProduction"], rows.Select(r => r.Split(' ')[0]));
        Assert.Equal("Skipped", result.StatusOf("Compile"));
    }

    [Fact]
    public void The_root_is_found_by_walking_up_from_the_working_directory()
    {
        _fixture.WorkingDirectory = Directory.CreateDirectory(Path.Combine(_fixture.Root, "src", "app")).FullName;

        var result = _fixture.Run<RootBuild>("Show");

        Assert.Equal([_fixture.Root], result.Log);
    }

    [Fact]
    public void The_root_option_overrides_the_search()
    {
        var other = Directory.CreateDirectory(Path.Combine(_fixture.Root, "elsewhere")).FullName;

        var result = _fixture.Run<RootBuild>("Show", "--root", "elsewhere");

        Assert.Equal([other], result.Log);
    }

    [Fact]
    public void Without_a_nuke_directory_the_build_stops_with_a_clear_error()
    {
        var outside = Directory.CreateTempSubdirectory("deployer-no-root-");
        try
        {
            _fixture.WorkingDirectory = outside.FullName;

            var result = _fixture.Run<RootBuild>("Show");

            Assert.Equal(2, result.ExitCode);
            Assert.Empty(result.Log);
            Assert.Contains("Could not find the root directory", result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    private sealed class RootBuild : RecordingBuild
    {
        Target Show => _ => _.Executes(() => Record(RootDirectory));
    }
}
