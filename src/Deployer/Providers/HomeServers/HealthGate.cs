namespace Deployer.Providers.HomeServers;

/// <summary>
/// Polls a new container's health path through the host until <see cref="HealthDecision"/> says healthy or unhealthy.
/// The loop owns the clock; the decision does not.
/// </summary>
public sealed class HealthGate(HttpClient http, TimeProvider time)
{
    public async Task<(HealthVerdict Verdict, string Why)> WaitAsync(Uri url, TimeSpan interval, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var probe = await ProbeAsync(url, started, interval, cancellationToken);
            var decision = HealthDecision.Evaluate(probe, deadline);
            if (decision.Verdict != HealthVerdict.Wait) return decision;
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    private async Task<HealthProbe> ProbeAsync(Uri url, long started, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(interval < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : interval);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            return new HealthProbe((int)response.StatusCode, null, time.GetElapsedTime(started));
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new HealthProbe(null, e is OperationCanceledException ? "timed out" : e.Message, time.GetElapsedTime(started));
        }
    }
}
