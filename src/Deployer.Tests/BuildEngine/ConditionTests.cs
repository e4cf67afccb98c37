using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class ConditionTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class StaticBuild : RecordingBuild
    {
        [Parameter] readonly bool Migrations = false;

        Target Backup => _ => _.Executes(() => Record("Backup"));
        Target Restore => _ => _.Executes(() => Record("Restore"));
        Target Migrate => _ => _.OnlyWhenStatic(() => Migrations).DependsOn(Backup, Restore).Executes(() => Record("Migrate"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Record("Compile"));
        Target Deploy => _ => _.DependsOn(Migrate, Compile).Executes(() => Record("Deploy"));
    }

    [Fact]
    public void A_false_static_condition_skips_the_target_and_the_dependencies_only_it_needs()
    {
        var result = _fixture.Run<StaticBuild>("Deploy");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile", "Deploy"], result.Log);
        Assert.Equal("Skipped", result.StatusOf("Migrate"));
        Assert.Equal("Skipped", result.StatusOf("Backup"));
        Assert.Contains("condition 'Migrations' is false", result.SummaryRow("Migrate"));
    }

    [Fact]
    public void A_true_static_condition_runs_the_target()
    {
        var result = _fixture.Run<StaticBuild>("Deploy", "--migrations");

        Assert.Equal(["Backup", "Restore", "Migrate", "Compile", "Deploy"], result.Log);
    }

    private sealed class DynamicBuild : RecordingBuild
    {
        bool _changed;

        Target Detect => _ => _.Executes(() =>
        {
            _changed = true;
            Record("Detect");
        });

        Target Publish => _ => _.DependsOn(Detect).OnlyWhenDynamic(() => _changed).Executes(() => Record("Publish"));
        Target Announce => _ => _.DependsOn(Publish).OnlyWhenDynamic(() => !_changed).Executes(() => Record("Announce"));
    }

    [Fact]
    public void Dynamic_conditions_are_evaluated_right_before_the_target_runs()
    {
        var result = _fixture.Run<DynamicBuild>("Announce");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Detect", "Publish"], result.Log);
        Assert.Equal("Skipped", result.StatusOf("Announce"));
        Assert.Contains("condition '!_changed' is false", result.SummaryRow("Announce"));
    }
}
