using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class OrderingTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class ChainBuild : RecordingBuild
    {
        Target Test => _ => _.DependsOn(Compile).Executes(() => Record("Test"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Record("Compile"));
        Target Restore => _ => _.Executes(() => Record("Restore"));
        Target Unrelated => _ => _.Executes(() => Record("Unrelated"));
    }

    [Fact]
    public void Dependencies_run_before_the_target_that_needs_them()
    {
        var result = _fixture.Run<ChainBuild>("Test");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test"], result.Log);
    }

    private sealed class DeclarationOrderBuild : RecordingBuild
    {
        Target Third => _ => _.Executes(() => Record("Third"));
        Target First => _ => _.Executes(() => Record("First"));
        Target Second => _ => _.Executes(() => Record("Second"));
        Target All => _ => _.DependsOn(First, Second, Third).Executes(() => Record("All"));
    }

    [Fact]
    public void Targets_free_to_run_in_any_order_run_in_declaration_order()
    {
        var result = _fixture.Run<DeclarationOrderBuild>("All");

        Assert.Equal(["Third", "First", "Second", "All"], result.Log);
    }

    private sealed class OrderingOnlyBuild : RecordingBuild
    {
        Target Smoke => _ => _.After(Deploy).Executes(() => Record("Smoke"));
        Target Deploy => _ => _.Executes(() => Record("Deploy"));
        Target Backup => _ => _.Before(Deploy).Executes(() => Record("Backup"));
        Target Announce => _ => _.Before(Smoke).Executes(() => Record("Announce"));
    }

    [Fact]
    public void Before_and_After_order_targets_that_run_without_pulling_in_others()
    {
        var result = _fixture.Run<OrderingOnlyBuild>("Smoke", "Deploy", "Backup");

        Assert.Equal(["Backup", "Deploy", "Smoke"], result.Log);
        Assert.DoesNotContain("Announce", result.Log);
    }

    private sealed class ThroughAbsentBuild : RecordingBuild
    {
        Target Late => _ => _.Executes(() => Record("Late"));
        Target Middle => _ => _.After(Early).Before(Late);
        Target Early => _ => _.Executes(() => Record("Early"));
    }

    [Fact]
    public void Ordering_holds_through_a_target_that_does_not_run()
    {
        var result = _fixture.Run<ThroughAbsentBuild>("Late", "Early");

        Assert.Equal(["Early", "Late"], result.Log);
    }

    private sealed class TriggerBuild : RecordingBuild
    {
        Target Notify => _ => _.Executes(() => Record("Notify"));
        Target Deploy => _ => _.Triggers(Smoke).Executes(() => Record("Deploy"));
        Target Smoke => _ => _.Triggers(Notify).Executes(() => Record("Smoke"));
        Target Audit => _ => _.TriggeredBy(Deploy).Executes(() => Record("Audit"));
    }

    [Fact]
    public void Triggered_targets_join_the_run_after_their_trigger()
    {
        var result = _fixture.Run<TriggerBuild>("Deploy");

        Assert.Equal(["Deploy", "Smoke", "Notify", "Audit"], result.Log);
    }

    [Fact]
    public void Triggers_do_not_run_when_only_the_triggered_target_is_invoked()
    {
        var result = _fixture.Run<TriggerBuild>("Smoke");

        Assert.Equal(["Smoke", "Notify"], result.Log);
    }

    private sealed class DependentForBuild : RecordingBuild
    {
        Target Deploy => _ => _.Executes(() => Record("Deploy"));
        Target Migrate => _ => _.DependentFor(Deploy).Executes(() => Record("Migrate"));
    }

    [Fact]
    public void DependentFor_makes_the_given_target_depend_on_this_one()
    {
        var result = _fixture.Run<DependentForBuild>("Deploy");

        Assert.Equal(["Migrate", "Deploy"], result.Log);
    }

    private abstract class BaseBuild : RecordingBuild
    {
        protected Target Restore => _ => _.Executes(() => Record("Restore"));
    }

    private sealed class DerivedBuild : BaseBuild
    {
        private Target Compile => _ => _.DependsOn(Restore).Executes(() => Record("Compile"));
    }

    [Fact]
    public void Targets_declared_in_base_classes_and_private_targets_are_discovered()
    {
        var result = _fixture.Run<DerivedBuild>("compile");

        Assert.Equal(["Restore", "Compile"], result.Log);
    }

    private sealed class CycleBuild : RecordingBuild
    {
        Target Start => _ => _.Executes(() => Record("Start"));
        Target A => _ => _.DependsOn(B).Executes(() => Record("A"));
        Target B => _ => _.After(C).Executes(() => Record("B"));
        Target C => _ => _.DependsOn(A).Executes(() => Record("C"));
    }

    [Fact]
    public void A_cycle_through_any_edge_kind_is_reported_with_its_path_before_anything_runs()
    {
        var result = _fixture.Run<CycleBuild>("Start");

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Log);
        Assert.Contains("Circular dependency between targets: A -> C -> B -> A", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    private sealed class SelfCycleBuild : RecordingBuild
    {
        Target Loop => _ => _.DependsOn(Loop);
    }

    [Fact]
    public void A_target_depending_on_itself_is_a_cycle()
    {
        var result = _fixture.Run<SelfCycleBuild>("Loop");

        Assert.Contains("Circular dependency between targets: Loop -> Loop", result.Error);
    }
}
