using Deployer.Execution;
using Deployer.Planning;
using Deployer.Providers.Sam;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Sam;

/// <summary>A completed SAM stack update is put back when a later step of the release fails (moto, Serverless transform expanded).</summary>
[Collection(MotoSamCollection.Name)]
public sealed class SamCompensationTests(MotoServer moto) : IAsyncLifetime
{
    private SamTestbed _bed = null!;

    public async Task InitializeAsync() => _bed = await SamTestbed.StartAsync(moto);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private Task<ReleaseResult> ReleaseAsync(SamStackSpec spec, Outcome laterStep)
    {
        var sam = SamTestbed.Step(spec);
        var later = new StandInStep("deploy-frontend", [sam.Id]);
        var plan = new DeployPlan("notes", "staging", "5e1ec7ed", PlanMode.Release, null, [sam, later]);
        var failing = new StubStepHandler(s => s is StandInStep, _ => StepResult.Of(laterStep, "the frontend did not come up"));
        return new PlanExecutor([_bed.Handler(), failing], new NullExecutionLog(), TimeProvider.System).ExecuteAsync(plan, CancellationToken.None);
    }

    private async Task<string?> StageOfNotesAsync(string stack) =>
        (await _bed.FunctionsAsync()).Single(f => f.Key.StartsWith(stack + "-NotesFunction", StringComparison.Ordinal)).Value.GetValueOrDefault("STAGE");

    [Fact]
    public async Task When_a_later_step_fails_the_updated_stack_is_deployed_again_from_its_previous_template_and_parameters()
    {
        var stack = SamTestbed.StackName();
        Assert.Equal(Outcome.Succeeded, (await _bed.DeployAsync(_bed.Spec(stack))).Outcome);
        var changed = _bed.Spec(stack) with { Parameters = new Dictionary<string, string> { ["Stage"] = "candidate" } };

        var release = await ReleaseAsync(changed, Outcome.Failed);

        var record = release.Steps.Single(s => s.Step is DeploySamStackStep);
        Assert.Equal(Outcome.Succeeded, record.Result.Outcome);
        Assert.Equal(Outcome.Succeeded, record.Compensation?.Outcome);
        Assert.Equal("UPDATE_COMPLETE", record.Compensation!.OutputAs<SamDeployed>()!.Status);
        Assert.Equal("staging", await StageOfNotesAsync(stack));
        var restore = _bed.Front.Requests.Last(r => r.Any(f => f is { Key: "Action", Value: "CreateChangeSet" }));
        Assert.Contains(new KeyValuePair<string, string>("ChangeSetType", "UPDATE"), restore);
        Assert.Contains(restore, f => f.Key.EndsWith(".ParameterValue", StringComparison.Ordinal) && f.Value == "staging");
        Assert.Equal(Outcome.RolledBack, release.Outcome); // the release failed and everything it changed was put back
        Assert.Empty(_bed.Front.Violations);
    }

    [Fact]
    public async Task A_successful_release_leaves_the_updated_stack_as_it_is()
    {
        var stack = SamTestbed.StackName();
        await _bed.DeployAsync(_bed.Spec(stack));

        var release = await ReleaseAsync(_bed.Spec(stack) with { Parameters = new Dictionary<string, string> { ["Stage"] = "candidate" } }, Outcome.Succeeded);

        Assert.Equal(Outcome.Succeeded, release.Outcome);
        Assert.Null(release.Steps.Single(s => s.Step is DeploySamStackStep).Compensation);
        Assert.Equal("candidate", await StageOfNotesAsync(stack));
    }

    [Fact]
    public async Task A_stack_the_release_created_is_not_undone_by_compensation()
    {
        var stack = SamTestbed.StackName();

        var release = await ReleaseAsync(_bed.Spec(stack), Outcome.Failed);

        Assert.Null(release.Steps.Single(s => s.Step is DeploySamStackStep).Compensation);
        Assert.DoesNotContain("GetTemplate", _bed.Front.Actions);
    }
}
