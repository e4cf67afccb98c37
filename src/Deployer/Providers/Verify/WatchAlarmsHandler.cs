using Deployer.Aws.CloudWatch;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Verify;

/// <summary>
/// Runs <see cref="WatchAlarmsStep"/>: reads the alarms every <paramref name="interval"/> until the bake is over. An
/// alarm in ALARM fails the step, so the executor puts the release's targets back (RolledBack, naming the alarm).
/// </summary>
public sealed class WatchAlarmsHandler(ICloudWatchApi cloudWatch, TimeProvider time, TimeSpan interval, Action<Step, string> log) : IStepHandler
{
    public bool Handles(Step step) => step is WatchAlarmsStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var bake = ((WatchAlarmsStep)step).Bake;
        var over = time.GetUtcNow() + TimeSpan.FromMinutes(bake.Minutes);
        log(step, $"baking {bake.Minutes:0.##} min: watching {string.Join(", ", bake.Alarms)}");
        while (true)
        {
            var states = await cloudWatch.DescribeAlarmsAsync(bake.Alarms, cancellationToken);
            var decision = AlarmBake.Evaluate(bake.Alarms, states, time.GetUtcNow() >= over);
            switch (decision.Verdict)
            {
                case BakeVerdict.Fired:
                    return new StepResult(Outcome.Failed, $"{decision.Reason} during the bake", null, decision.Reason);
                case BakeVerdict.Missing:
                    return new StepResult(Outcome.Failed, decision.Reason, null);
                case BakeVerdict.Quiet:
                    return StepResult.Of(Outcome.Succeeded, decision.Reason);
            }
            var left = over - time.GetUtcNow();
            await Task.Delay(left < interval && left > TimeSpan.Zero ? left : interval, time, cancellationToken);
        }
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null); // watching changes nothing
}
