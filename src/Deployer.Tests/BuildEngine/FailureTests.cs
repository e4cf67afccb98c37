using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class FailureTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class FailingBuild : RecordingBuild
    {
        Target Lock => _ => _.Executes(() => Record("Lock"));
        Target Deploy => _ => _.DependsOn(Lock).Executes(() =>
        {
            Record("Deploy");
            throw new TargetFailedException("service api did not become healthy");
        });
        Target Smoke => _ => _.DependsOn(Deploy).Executes(() => Record("Smoke"));
        Target Report => _ => _.After(Deploy).Executes(() => Record("Report"));
        Target Unlock => _ => _.After(Smoke, Report).AssuredAfterFailure().Executes(() => Record("Unlock"));
        Target Release => _ => _.DependsOn(Smoke, Report, Unlock);
    }

    [Fact]
    public void A_failure_stops_the_run_but_assured_targets_still_run()
    {
        var result = _fixture.Run<FailingBuild>("Release");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Lock", "Deploy", "Unlock"], result.Log);
        Assert.Equal("Succeeded", result.StatusOf("Lock"));
        Assert.Equal("Failed", result.StatusOf("Deploy"));
        Assert.Equal("NotRun", result.StatusOf("Smoke"));
        Assert.Equal("NotRun", result.StatusOf("Report"));
        Assert.Equal("Succeeded", result.StatusOf("Unlock"));
        Assert.Equal("NotRun", result.StatusOf("Release"));
        Assert.Contains("Build failed on 2025-11-24 09:30:00.", result.Out);
    }

    [Fact]
    public void A_TargetFailedException_prints_its_message_without_a_stack_trace()
    {
        var result = _fixture.Run<FailingBuild>("Release");

        Assert.Contains("Target Deploy failed: service api did not become healthy", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.DoesNotContain(nameof(TargetFailedException), result.All);
    }

    private sealed class ProceedingBuild : RecordingBuild
    {
        Target Lint => _ => _.ProceedAfterFailure().Executes(() =>
        {
            Record("Lint");
            throw new TargetFailedException("3 warnings");
        });
        Target Test => _ => _.Executes(() => Record("Test"));
        Target Docs => _ => _.DependsOn(Lint).Executes(() => Record("Docs"));
        Target All => _ => _.DependsOn(Lint, Test, Docs);
    }

    [Fact]
    public void A_target_that_proceeds_after_failure_lets_independent_targets_run_but_the_build_fails()
    {
        var result = _fixture.Run<ProceedingBuild>("All");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["Lint", "Test"], result.Log);
        Assert.Equal("Failed", result.StatusOf("Lint"));
        Assert.Equal("Succeeded", result.StatusOf("Test"));
        Assert.Equal("NotRun", result.StatusOf("Docs"));
        Assert.Contains("Lint did not succeed", result.SummaryRow("Docs"));
        Assert.Contains("Build failed", result.Out);
    }

    private sealed class BuggyBuild : RecordingBuild
    {
        Target Deploy => _ => _.Executes(() => throw new InvalidOperationException("unexpected null task definition"));
    }

    [Fact]
    public void Any_other_exception_is_a_bug_and_is_printed_with_its_stack_trace()
    {
        var result = _fixture.Run<BuggyBuild>("Deploy");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("System.InvalidOperationException: unexpected null task definition", result.Error);
        Assert.Contains("   at ", result.Error);
    }

    private sealed class ExitCodeBuild : RecordingBuild
    {
        Target Unchanged => _ => _.Executes(() => ExitCode = 3);
        Target RolledBack => _ => _.Executes(() => throw new TargetFailedException("rolled back to revision 41", exitCode: 4));
        Target Overridden => _ => _.Executes(() =>
        {
            ExitCode = 5;
            throw new TargetFailedException("failed", exitCode: 4);
        });
    }

    [Theory]
    [InlineData("Unchanged", 3)]
    [InlineData("RolledBack", 4)]
    [InlineData("Overridden", 5)]
    public void The_exit_code_set_by_a_target_wins_then_the_one_of_the_failure(string target, int exitCode)
    {
        Assert.Equal(exitCode, _fixture.Run<ExitCodeBuild>(target).ExitCode);
    }

    private sealed class CancelledBuild : RecordingBuild
    {
        Target Push => _ => _.Executes(() =>
        {
            Record("Push");
            Elapse(TimeSpan.FromSeconds(20));
        });
        Target Deploy => _ => _.DependsOn(Push).Executes(async ct =>
        {
            Record("Deploy");
            Elapse(TimeSpan.FromSeconds(50)); // the run's deadline passes here
            await Task.Delay(Timeout.Infinite, ct);
        });
        Target Smoke => _ => _.DependsOn(Deploy).AssuredAfterFailure().Executes(() => Record("Smoke"));
    }

    [Fact]
    public void Cancellation_aborts_the_running_target_leaves_the_rest_not_run_and_exits_130()
    {
        _fixture.Cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(1), _fixture.Time).Token;

        var result = _fixture.Run<CancelledBuild>("Smoke");

        Assert.Equal(130, result.ExitCode);
        Assert.Equal(["Push", "Deploy"], result.Log);
        Assert.Equal("Succeeded", result.StatusOf("Push"));
        Assert.Equal("Aborted", result.StatusOf("Deploy"));
        Assert.Equal("NotRun", result.StatusOf("Smoke"));
        Assert.Contains("00:50", result.SummaryRow("Deploy"));
        Assert.Contains("The build was cancelled.", result.Error);
    }

    [Fact]
    public void A_build_cancelled_before_it_starts_runs_nothing()
    {
        _fixture.Cancellation = new CancellationToken(canceled: true);

        var result = _fixture.Run<CancelledBuild>("Smoke");

        Assert.Equal(130, result.ExitCode);
        Assert.Empty(result.Log);
        Assert.Equal("NotRun", result.StatusOf("Push"));
    }

    private sealed class CancelledWithExitCodeBuild : RecordingBuild
    {
        Target Deploy => _ => _.Executes(ct =>
        {
            ExitCode = 7;
            Elapse(TimeSpan.FromMinutes(2));
            ct.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void An_exit_code_set_before_cancellation_is_kept()
    {
        _fixture.Cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(1), _fixture.Time).Token;

        var result = _fixture.Run<CancelledWithExitCodeBuild>("Deploy");

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("Aborted", result.StatusOf("Deploy"));
    }

    private sealed class LifecycleBuild : RecordingBuild
    {
        protected override void OnBuildInitialized() => Record("initialized");
        protected override void OnBuildFinished() => Record("finished");

        Target Deploy => _ => _.Executes(() =>
        {
            Record($"temp={Directory.Exists(TemporaryDirectory)}");
            throw new TargetFailedException("boom");
        });
    }

    [Fact]
    public void OnBuildFinished_runs_after_a_failed_target_before_the_summary()
    {
        var result = _fixture.Run<LifecycleBuild>("Deploy");

        Assert.Equal(["initialized", "temp=True", "finished"], result.Log);
        Assert.True(result.Out.IndexOf("» finished", StringComparison.Ordinal) < result.Out.IndexOf("Build failed", StringComparison.Ordinal));
    }
}
