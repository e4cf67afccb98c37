using Deployer.BuildEngine;

namespace Deployer.Tests.BuildEngine;

public sealed class PlanTests : IDisposable
{
    private readonly BuildFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private sealed class PlanBuild : RecordingBuild
    {
        Target Restore => _ => _.Executes(() => Record("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Record("Compile"));
        Target Deploy => _ => _.DependsOn(Compile).Triggers(Smoke).Executes(() => Record("Deploy"));
        Target Smoke => _ => _.Executes(() => Record("Smoke"));
        Target Backup => _ => _.Before(Deploy).Executes(() => Record("Backup"));
    }

    [Fact]
    public void Plan_writes_the_target_graph_as_mermaid_in_html_and_runs_nothing()
    {
        var result = _fixture.Run<PlanBuild>("Deploy", "--plan", "--skip", "Restore");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Log);
        var path = Path.Combine(_fixture.NukeDirectory, "temp", "plan.html");
        Assert.Contains($"Plan written to {path}", result.Out);

        var html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<pre class=\"mermaid\">", html);
        Assert.Contains("graph LR", html);
        Assert.Contains("  Restore --> Compile", html);
        Assert.Contains("  Compile --> Deploy", html);
        Assert.Contains("  Deploy ==>|triggers| Smoke", html);
        Assert.Contains("  Backup -.->|before| Deploy", html);
        Assert.Contains("  class Compile,Deploy,Smoke runs", html);
        Assert.Contains("  class Restore skipped", html);
        Assert.Contains("<script type=\"module\">", html);
    }

    private sealed class CyclicPlanBuild : RecordingBuild
    {
        Target A => _ => _.DependsOn(B);
        Target B => _ => _.DependsOn(A);
    }

    [Fact]
    public void Plan_refuses_a_cyclic_graph()
    {
        var result = _fixture.Run<CyclicPlanBuild>("A", "--plan");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Circular dependency between targets: A -> B -> A", result.Error);
        Assert.False(File.Exists(Path.Combine(_fixture.NukeDirectory, "temp", "plan.html")));
    }
}
