using Deployer.Execution;
using Deployer.Planning;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Execution;

public class PlanExecutorTests
{
    private sealed record FakeStep(string Id, IReadOnlyList<string> DependsOn, string ProviderName = "fake") : Step(Id, DependsOn)
    {
        public override string Provider => ProviderName;
        public override string Summary => $"fake {Id}";
    }

    /// <summary>A handler whose steps finish when the test says so, recording what ran and what was undone.</summary>
    private sealed class ScriptedHandler : IStepHandler
    {
        private readonly Dictionary<string, TaskCompletionSource<StepResult>> _gates = new();
        public List<string> Started { get; } = [];
        public List<string> Compensated { get; } = [];
        public Func<string, Outcome> CompensationOutcome { get; init; } = _ => Outcome.RolledBack;

        public bool Handles(Step step) => step.Provider == "fake";

        public TaskCompletionSource<StepResult> Gate(string id)
        {
            lock (_gates) return _gates.TryGetValue(id, out var gate) ? gate : _gates[id] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
        {
            lock (Started) Started.Add(step.Id);
            await using var registration = cancellationToken.Register(() => Gate(step.Id).TrySetResult(StepResult.Of(Outcome.Cancelled, "stopped with rollback")));
            return await Gate(step.Id).Task;
        }

        public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken)
        {
            lock (Compensated) Compensated.Add(step.Id);
            return Task.FromResult<StepResult?>(StepResult.Of(CompensationOutcome(step.Id), "back on the previous version"));
        }
    }

    private sealed class NullLog : IExecutionLog
    {
        public void StepStarted(Step step) { }
        public void StepFinished(Step step, StepResult result, TimeSpan duration) { }
        public void Compensating(Step step) { }
    }

    private static DeployPlan Plan(params Step[] steps) => new("shop", "staging", "sha", PlanMode.Release, null, steps);

    private static readonly Step Build = new FakeStep("build", []);
    private static readonly Step Api = new FakeStep("api", ["build"]);
    private static readonly Step Worker = new FakeStep("worker", ["build"]);
    private static readonly Step Verify = new FakeStep("verify", ["api", "worker"]);

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    [Fact]
    public async Task Independent_steps_run_in_parallel_after_their_dependencies()
    {
        var handler = new ScriptedHandler();
        var run = new PlanExecutor([handler], new NullLog(), new FakeTimeProvider()).ExecuteAsync(Plan(Build, Api, Worker, Verify), CancellationToken.None);

        await WaitUntil(() => handler.Started.Count == 1);
        Assert.Equal(["build"], handler.Started);
        handler.Gate("build").SetResult(StepResult.Of(Outcome.Succeeded, "built"));
        await WaitUntil(() => handler.Started.Count == 3);
        Assert.Equal(["api", "worker"], handler.Started.Skip(1).Order());
        handler.Gate("api").SetResult(StepResult.Of(Outcome.Succeeded, "deployed"));
        handler.Gate("worker").SetResult(StepResult.Of(Outcome.Unchanged, "same task definition"));
        await WaitUntil(() => handler.Started.Count == 4);
        handler.Gate("verify").SetResult(StepResult.Of(Outcome.Succeeded, "200"));

        var result = await run;
        Assert.Equal(Outcome.Succeeded, result.Outcome);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task When_a_deploy_rolls_back_its_siblings_are_stopped_and_completed_ones_undone()
    {
        var handler = new ScriptedHandler();
        var vercel = new FakeStep("web", ["build"]);
        var run = new PlanExecutor([handler], new NullLog(), new FakeTimeProvider()).ExecuteAsync(Plan(Build, Api, Worker, vercel, Verify), CancellationToken.None);

        handler.Gate("build").SetResult(StepResult.Of(Outcome.Succeeded, "built"));
        await WaitUntil(() => handler.Started.Count == 4);
        handler.Gate("web").SetResult(StepResult.Of(Outcome.Succeeded, "promoted"));
        await Task.Delay(50);
        handler.Gate("api").SetResult(StepResult.Of(Outcome.RolledBack, "circuit breaker: 3 of 3 tasks failed"));

        var result = await run;
        Assert.Equal(Outcome.RolledBack, result.Outcome);
        Assert.Equal(ExitCodes.RolledBack, result.ExitCode);
        Assert.Equal("api rolled back: circuit breaker: 3 of 3 tasks failed", result.Message);
        var outcomes = result.Steps.ToDictionary(s => s.Step.Id, s => s.Result.Outcome);
        Assert.Equal(Outcome.Cancelled, outcomes["worker"]);
        Assert.Equal(Outcome.NotRun, outcomes["verify"]);
        Assert.Equal(["web", "build"], handler.Compensated);
        Assert.Equal(Outcome.RolledBack, result.Steps.Single(s => s.Step.Id == "web").Compensation!.Outcome);
    }

    [Fact]
    public async Task Bad_input_a_step_finds_before_anything_changed_ends_the_run_with_exit_code_2()
    {
        var handler = new ScriptedHandler();
        var run = new PlanExecutor([handler], new NullLog(), new FakeTimeProvider()).ExecuteAsync(Plan(Build, Api), CancellationToken.None);
        handler.Gate("build").SetResult(StepResult.Of(Outcome.InvalidInput, "staticSites[0].directory: 'dist' does not exist"));

        var result = await run;

        Assert.Equal(Outcome.InvalidInput, result.Outcome);
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Equal("build stopped on bad input: staticSites[0].directory: 'dist' does not exist", result.Message);
        Assert.Equal(Outcome.NotRun, result.Steps.Single(s => s.Step.Id == "api").Result.Outcome);
    }

    [Fact]
    public async Task Bad_input_found_after_a_deploy_had_to_be_undone_is_a_rollback_not_exit_code_2()
    {
        var handler = new ScriptedHandler();
        var run = new PlanExecutor([handler], new NullLog(), new FakeTimeProvider()).ExecuteAsync(Plan(Build, Api), CancellationToken.None);
        handler.Gate("build").SetResult(StepResult.Of(Outcome.Succeeded, "built"));
        await WaitUntil(() => handler.Started.Count == 2);
        handler.Gate("api").SetResult(StepResult.Of(Outcome.InvalidInput, "no such folder"));

        var result = await run;

        Assert.Equal(Outcome.RolledBack, result.Outcome);
        Assert.Equal(["build"], handler.Compensated);
    }

    [Fact]
    public async Task A_failed_compensation_makes_the_release_failed_not_rolled_back()
    {
        var handler = new ScriptedHandler { CompensationOutcome = _ => Outcome.Failed };
        var run = new PlanExecutor([handler], new NullLog(), new FakeTimeProvider()).ExecuteAsync(Plan(Build, Api), CancellationToken.None);
        handler.Gate("build").SetResult(StepResult.Of(Outcome.Succeeded, "built"));
        await WaitUntil(() => handler.Started.Count == 2);
        handler.Gate("api").SetResult(StepResult.Of(Outcome.TimedOut, "no steady state after 30 min"));

        var result = await run;

        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Contains("production may need a human", result.Message);
    }

    [Fact]
    public async Task Cancellation_stops_in_flight_steps_and_reports_cancelled()
    {
        var handler = new ScriptedHandler();
        using var cancel = new CancellationTokenSource();
        var run = new PlanExecutor([handler], new NullLog(), new FakeTimeProvider()).ExecuteAsync(Plan(Build, Api, Verify), cancel.Token);
        handler.Gate("build").SetResult(StepResult.Of(Outcome.Succeeded, "built"));
        await WaitUntil(() => handler.Started.Count == 2);

        await cancel.CancelAsync();
        var result = await run;

        Assert.Equal(Outcome.Cancelled, result.Outcome);
        Assert.Equal(130, result.ExitCode);
        Assert.Equal(Outcome.Cancelled, result.Steps.Single(s => s.Step.Id == "api").Result.Outcome);
        Assert.Equal(Outcome.NotRun, result.Steps.Single(s => s.Step.Id == "verify").Result.Outcome);
    }

    [Fact]
    public async Task A_plan_with_a_provider_that_is_not_available_changes_nothing()
    {
        var handler = new ScriptedHandler();
        var ecs = new FakeStep("deploy-ecs:api", ["build"], ProviderName: "ecs");
        var result = await new PlanExecutor([handler], new NullLog(), new FakeTimeProvider()).ExecuteAsync(Plan(Build, ecs), CancellationToken.None);

        Assert.Empty(handler.Started);
        Assert.Equal(Outcome.Failed, result.Outcome);
        Assert.Equal("Provider ecs is not available yet in this version of Deployer (steps: deploy-ecs:api). Nothing was changed.", result.Message);
        Assert.All(result.Steps, s => Assert.Equal(Outcome.NotRun, s.Result.Outcome));
    }

    [Fact]
    public async Task A_release_where_nothing_changed_is_unchanged()
    {
        var handler = new ScriptedHandler();
        handler.Gate("build").SetResult(StepResult.Of(Outcome.Unchanged, "image exists"));
        handler.Gate("api").SetResult(StepResult.Of(Outcome.Unchanged, "same task definition"));

        var result = await new PlanExecutor([handler], new NullLog(), new FakeTimeProvider()).ExecuteAsync(Plan(Build, Api), CancellationToken.None);

        Assert.Equal(Outcome.Unchanged, result.Outcome);
        Assert.Equal(0, result.ExitCode);
    }
}
