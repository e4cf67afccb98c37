using Deployer.Config;
using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Providers.Verify;

/// <summary>
/// Runs <see cref="VerifyStep"/>s: every public URL is fetched until it answers as expected or its timeout passes, all
/// checks at once. A failed check fails the release, so the executor puts the services it deployed back. Retries are
/// spaced by <paramref name="interval"/> on the run's clock; cancellation stops at once.
/// </summary>
public sealed class VerifyStepHandler(HttpMessageHandler transport, TimeProvider time, TimeSpan interval, Action<Step, string> log) : IStepHandler
{
    public bool Handles(Step step) => step is VerifyStep;

    public async Task<StepResult> RunAsync(Step step, ExecutionState state, CancellationToken cancellationToken)
    {
        var verify = (VerifyStep)step;
        using var http = new HttpClient(transport, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var results = await Task.WhenAll(verify.Checks.Select(check => CheckAsync(http, step, check, cancellationToken)));
        var failed = results.Where(r => r.Reason is not null).ToArray();
        var outputs = new Verified(verify.Checks.Select(c => c.Url).ToArray());
        return failed.Length == 0
            ? new StepResult(Outcome.Succeeded, $"{results.Length} URL(s) answered as expected", outputs)
            : new StepResult(Outcome.Failed, string.Join("; ", failed.Select(f => $"{f.Check.Name}: GET {f.Check.Url} {f.Reason}")), outputs,
                string.Join(Environment.NewLine, failed.Select(f => $"{f.Check.Name}: GET {f.Check.Url} {f.Reason} (after {f.Attempts} attempt(s) in {f.Check.TimeoutSeconds}s)")));
    }

    public Task<StepResult?> CompensateAsync(Step step, StepResult completed, ExecutionState state, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult?>(null); // a check changes nothing

    private sealed record CheckResult(VerifySpec Check, string? Reason, int Attempts);

    private async Task<CheckResult> CheckAsync(HttpClient http, Step step, VerifySpec check, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(check.TimeoutSeconds);
        for (var attempt = 1; ; attempt++)
        {
            var reason = await AttemptAsync(http, check, deadline, cancellationToken);
            if (reason is null) return new CheckResult(check, null, attempt);
            if (time.GetUtcNow() + interval > deadline) return new CheckResult(check, reason, attempt);
            if (attempt == 1) log(step, $"{check.Name}: {reason}; retrying for up to {check.TimeoutSeconds}s");
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    private async Task<string?> AttemptAsync(HttpClient http, VerifySpec check, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        // One request may take what is left of the check's time, but never less than a few seconds.
        var left = deadline - time.GetUtcNow();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(left < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : left);
        try
        {
            using var response = await http.GetAsync(check.Url, attempt.Token);
            var body = await response.Content.ReadAsStringAsync(attempt.Token);
            return HttpCheck.Judge(check, (int)response.StatusCode, body);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HttpCheck.Judge(check, null, "", e is OperationCanceledException ? "did not answer in time" : e.Message);
        }
    }
}
