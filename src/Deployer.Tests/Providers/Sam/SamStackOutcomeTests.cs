using Deployer.Execution;
using Deployer.Providers.Sam;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Sam;

/// <summary>
/// What the step says when the stack does not simply complete: rollbacks, a failed creation, a blocked rollback, a stack
/// busy with another run, a timeout and a cancellation. CloudFormation is scripted here (moto never rolls back); the
/// code is still packaged to moto's S3.
/// </summary>
[Collection(MotoSamCollection.Name)]
public sealed class SamStackOutcomeTests(MotoServer moto) : IAsyncLifetime
{
    private const string Stack = "notes-staging";
    private SamTestbed _bed = null!;

    public async Task InitializeAsync() => _bed = await SamTestbed.StartAsync(moto);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private Task<StepResult> RunAsync(ScriptedCloudFormation cloudFormation, SamStackSpec? spec = null, TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        _bed.Handler(cloudFormation, time ?? TimeProvider.System).RunAsync(SamTestbed.Step(spec ?? _bed.Spec(Stack)), new ExecutionState(), cancellationToken);

    [Fact]
    public async Task I_am_told_an_update_rolled_back_with_the_failed_resource_and_its_reason()
    {
        var cloudFormation = new ScriptedCloudFormation(Stack, "UPDATE_COMPLETE")
            .Then("UPDATE_IN_PROGRESS", ("NotesFunction", "AWS::Lambda::Function", "UPDATE_IN_PROGRESS", null))
            .Then("UPDATE_ROLLBACK_IN_PROGRESS", ("NotesFunction", "AWS::Lambda::Function", "UPDATE_FAILED", "Runtime python2.7 is not supported"),
                ("HealthFunction", "AWS::Lambda::Function", "UPDATE_FAILED", "Resource update cancelled"))
            .Then("UPDATE_ROLLBACK_COMPLETE");

        var result = await RunAsync(cloudFormation);

        Assert.Equal(Outcome.RolledBack, result.Outcome);
        Assert.Equal($"update of stack {Stack} failed and was rolled back (UPDATE_ROLLBACK_COMPLETE): " +
                     "NotesFunction (AWS::Lambda::Function) UPDATE_FAILED: Runtime python2.7 is not supported", result.Message);
        Assert.Equal(["CreateChangeSet UPDATE", "ExecuteChangeSet"], cloudFormation.Calls);
        Assert.Contains(_bed.Log, line => line.Contains("UPDATE_FAILED") && line.EndsWith("NotesFunction: Runtime python2.7 is not supported"));
        Assert.Equal(1, _bed.Log.Count(line => line.Contains("UPDATE_IN_PROGRESS ")));
    }

    [Fact]
    public async Task A_failed_creation_says_the_stack_must_be_deleted_and_deletes_it_when_the_description_allows()
    {
        static ScriptedCloudFormation Failing() => new ScriptedCloudFormation(Stack, null)
            .Then("ROLLBACK_IN_PROGRESS", ("NotesRole", "AWS::IAM::Role", "CREATE_FAILED", "Access denied"))
            .Then("ROLLBACK_COMPLETE");
        var kept = Failing();
        var deleted = Failing();

        var result = await RunAsync(kept);
        var withDelete = await RunAsync(deleted, _bed.Spec(Stack) with { DeleteFailedStack = true });

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("NotesRole (AWS::IAM::Role) CREATE_FAILED: Access denied. The stack must be deleted before a retry", result.Message);
        Assert.DoesNotContain("DeleteStack", kept.Calls);
        Assert.Equal(Outcome.Failed, withDelete.Outcome);
        Assert.Equal(["CreateChangeSet CREATE", "ExecuteChangeSet", "DeleteStack"], deleted.Calls);
    }

    [Fact]
    public async Task A_stack_left_in_ROLLBACK_COMPLETE_is_refused_until_deleted()
    {
        var cloudFormation = new ScriptedCloudFormation(Stack, "ROLLBACK_COMPLETE");

        var result = await RunAsync(cloudFormation);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("must be deleted before a retry", result.Message);
        Assert.Empty(cloudFormation.Calls);
    }

    [Fact]
    public async Task A_blocked_rollback_names_the_resources_and_how_to_continue()
    {
        var cloudFormation = new ScriptedCloudFormation(Stack, "UPDATE_COMPLETE")
            .Then("UPDATE_ROLLBACK_IN_PROGRESS", ("NotesFunction", "AWS::Lambda::Function", "UPDATE_FAILED", "bad handler"))
            .Then("UPDATE_ROLLBACK_FAILED", ("NotesTable", "AWS::DynamoDB::Table", "UPDATE_FAILED", "Table was deleted outside CloudFormation"));

        var result = await RunAsync(cloudFormation);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("NotesTable (AWS::DynamoDB::Table) UPDATE_FAILED: Table was deleted outside CloudFormation", result.Message);
        Assert.Contains($"aws cloudformation continue-update-rollback --stack-name {Stack}", result.Message);
    }

    [Fact]
    public async Task A_stack_busy_with_another_run_is_waited_for_then_updated()
    {
        var cloudFormation = new ScriptedCloudFormation(Stack, "UPDATE_IN_PROGRESS")
            .Then("UPDATE_IN_PROGRESS")
            .Then("UPDATE_COMPLETE")
            .Then("UPDATE_COMPLETE");

        var result = await RunAsync(cloudFormation);

        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Contains(_bed.Log, line => line == $"stack {Stack} is UPDATE_IN_PROGRESS (another change is running); waiting for it");
        Assert.Equal(["CreateChangeSet UPDATE", "ExecuteChangeSet"], cloudFormation.Calls);
        Assert.Equal("https://api.example", result.OutputAs<SamDeployed>()!.Output("ApiUrl"));
    }

    [Fact]
    public async Task A_stack_stuck_in_progress_past_the_timeout_is_cancelled_and_rolled_back()
    {
        var cloudFormation = new ScriptedCloudFormation(Stack, "UPDATE_COMPLETE");
        for (var i = 0; i < 2000; i++) cloudFormation.Then("UPDATE_IN_PROGRESS");
        var time = new ScaledTimeProvider(600);

        var result = await RunAsync(cloudFormation, _bed.Spec(Stack) with { TimeoutMinutes = 1 }, time);

        Assert.Equal(Outcome.TimedOut, result.Outcome);
        Assert.StartsWith($"stack {Stack} not settled after 1 min (UPDATE_IN_PROGRESS)", result.Message);
        Assert.Equal(["CreateChangeSet UPDATE", "ExecuteChangeSet", "CancelUpdateStack"], cloudFormation.Calls);
    }

    [Fact]
    public async Task Cancelling_cancels_the_update_and_waits_for_its_rollback()
    {
        var cloudFormation = new ScriptedCloudFormation(Stack, "UPDATE_COMPLETE");
        for (var i = 0; i < 50; i++) cloudFormation.Then("UPDATE_IN_PROGRESS");
        cloudFormation.Then("UPDATE_ROLLBACK_IN_PROGRESS").Then("UPDATE_ROLLBACK_COMPLETE");
        using var cancel = new CancellationTokenSource();
        var running = RunAsync(cloudFormation, cancellationToken: cancel.Token);
        while (!cloudFormation.Calls.Contains("ExecuteChangeSet")) await Task.Delay(10);

        await cancel.CancelAsync();
        var result = await running;

        Assert.Equal(Outcome.Cancelled, result.Outcome);
        Assert.Equal($"cancelled; update cancelled, stack {Stack} is UPDATE_ROLLBACK_COMPLETE", result.Message);
        Assert.Equal("CancelUpdateStack", cloudFormation.Calls.Last());
    }

    [Fact]
    public async Task Throttled_reads_while_waiting_do_not_end_the_wait()
    {
        var cloudFormation = new ScriptedCloudFormation(Stack, "UPDATE_COMPLETE") { Throttles = 3 }.Then("UPDATE_IN_PROGRESS").Then("UPDATE_COMPLETE");

        var result = await RunAsync(cloudFormation);

        Assert.Equal(0, cloudFormation.Throttles);
        Assert.Equal(3, _bed.Log.Count(line => line.StartsWith($"could not read stack {Stack} (CloudFormation DescribeStacks failed: Throttling", StringComparison.Ordinal)));
        Assert.Equal(Outcome.Succeeded, result.Outcome);
    }

    [Fact]
    public async Task A_change_set_that_fails_for_another_reason_than_no_changes_is_a_failure_and_is_deleted()
    {
        var cloudFormation = new ScriptedCloudFormation(Stack, "UPDATE_COMPLETE")
        {
            ChangeSet = ("FAILED", "Template error: instance of Fn::GetAtt references undefined resource Nope"),
        };

        var result = await RunAsync(cloudFormation);

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Equal($"change set for {Stack} failed: Template error: instance of Fn::GetAtt references undefined resource Nope; nothing was changed", result.Message);
        Assert.Equal(["CreateChangeSet UPDATE", "DeleteChangeSet"], cloudFormation.Calls);
    }
}
