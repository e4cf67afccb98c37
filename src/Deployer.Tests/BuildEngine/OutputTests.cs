using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class OutputTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class TimedBuild : RecordingBuild
    {
        [Parameter] readonly bool WithDocs = false;

        Target Compile => _ => _.Executes(() =>
        {
            Context.Out.WriteLine("compiling 12 projects");
            Elapse(TimeSpan.FromSeconds(65));
        });
        Target Docs => _ => _.OnlyWhenStatic(() => WithDocs).Executes(() => Elapse(TimeSpan.FromSeconds(1)));
        Target Test => _ => _.DependsOn(Compile, Docs).Executes(() => Elapse(TimeSpan.FromSeconds(7)));
    }

    [Fact]
    public void The_summary_lists_each_target_with_status_and_duration_then_the_total_and_result()
    {
        var result = _fixture.Run<TimedBuild>("Test");

        Assert.Equal(0, result.ExitCode);
        var summary = result.Out[result.Out.LastIndexOf("Target ", StringComparison.Ordinal)..].Split(Environment.NewLine);
        Assert.Equal(
        [
            "Target     Status      Duration",
            "───────────────────────────────",
            "Compile    Succeeded      01:05",
            "Docs       Skipped                // condition 'WithDocs' is false",
            "Test       Succeeded      00:07",
            "───────────────────────────────",
            "Total                     01:12",
            "═══════════════════════════════",
            "",
            "Build succeeded on 2025-11-24 09:31:12.", // the clock advanced by the targets' durations
            "",
        ], summary);
    }

    [Fact]
    public void Each_target_gets_a_header_and_its_own_output_follows_it()
    {
        var result = _fixture.Run<TimedBuild>("Test");

        var header = result.Out.IndexOf("═══ Compile", StringComparison.Ordinal);
        var output = result.Out.IndexOf("compiling 12 projects", StringComparison.Ordinal);
        Assert.True(header >= 0 && header < output, result.Out);
        Assert.Contains("═══ Docs (skipped: condition 'WithDocs' is false)", result.Out);
        Assert.DoesNotContain("::group::", result.Out);
    }

    [Fact]
    public void Under_GitHub_Actions_each_target_output_is_grouped()
    {
        _fixture.Environment["GITHUB_ACTIONS"] = "true";

        var result = _fixture.Run<TimedBuild>("Test");

        var lines = result.Out.Split(Environment.NewLine);
        var start = Array.IndexOf(lines, "::group::Compile");
        Assert.True(start >= 0, result.Out);
        Assert.Equal("compiling 12 projects", lines[start + 1]);
        Assert.Equal("::endgroup::", lines[start + 2]);
        Assert.Contains("::group::Test", lines);
        Assert.DoesNotContain("::group::Docs", lines);
    }

    [Fact]
    public void Quiet_verbosity_prints_only_what_targets_write()
    {
        var result = _fixture.Run<TimedBuild>("Test", "--verbosity", "quiet");

        Assert.Equal("compiling 12 projects", result.Out.Trim());
    }

    [Fact]
    public void Minimal_verbosity_keeps_the_summary_but_drops_headers()
    {
        var result = _fixture.Run<TimedBuild>("Test", "--verbosity", "Minimal");

        Assert.DoesNotContain("═══ Compile", result.Out);
        Assert.Contains("Build succeeded", result.Out);
    }

    private sealed class ServerBuild : RecordingBuild
    {
        Target Show => _ => _.Executes(() => Record($"server={IsServerBuild}"));
    }

    [Theory]
    [InlineData("GITHUB_ACTIONS", "true", true)]
    [InlineData("CI", "true", true)]
    [InlineData("CI", "false", false)]
    public void IsServerBuild_follows_the_injected_environment(string variable, string value, bool expected)
    {
        _fixture.Environment[variable] = value;

        Assert.Equal([$"server={expected}"], _fixture.Run<ServerBuild>("Show").Log);
    }

    private sealed class HostileBuild : RecordingBuild
    {
        [Parameter] readonly string Region = "";

        Target Deploy => _ => _.Executes(() => throw new TargetFailedException($"region {Region} refused\n::add-mask::x\r::error::injected"));
    }

    [Fact]
    public void Under_GitHub_Actions_a_message_echoing_input_cannot_inject_a_workflow_command()
    {
        _fixture.Environment["GITHUB_ACTIONS"] = "true";

        var failed = _fixture.Run<HostileBuild>("Deploy", "--region", "eu\n::warning::a");
        var invalid = _fixture.Run<HostileBuild>("Deploy", "--regoin\n::error::b");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("refused", failed.Error);
        Assert.Equal(["group", "endgroup"], Support.RunnerCommandReader.Commands(failed.All).Select(c => c.Name));
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("Unknown parameter", invalid.Error);
        Assert.Empty(Support.RunnerCommandReader.Commands(invalid.All));
    }
}
