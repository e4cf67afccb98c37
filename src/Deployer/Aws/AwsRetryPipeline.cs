using Polly;

namespace Deployer.Aws;

/// <summary>
/// Retries of one service's calls, whatever the protocol: throttling / 5xx / network errors retried with full-jitter
/// backoff on the injected clock, and the wording of what is left when retrying did not help.
/// </summary>
internal sealed class AwsRetryPipeline
{
    private readonly AwsService _service;
    private readonly AwsRetryPolicy _retry;
    private readonly ResiliencePipeline _pipeline;

    public AwsRetryPipeline(AwsService service, AwsRetryPolicy retry, TimeProvider time, Func<double>? random)
    {
        _service = service;
        _retry = retry;
        var jitter = random ?? Random.Shared.NextDouble;
        _pipeline = Resilience.RetryPipelines.Build(retry.MaxAttempts, time, IsTransient, (_, attempt) => retry.Delay(attempt, jitter()));
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails for good, or the attempts are spent.</summary>
    public async Task<TResult> ExecuteAsync<TState, TResult>(string operation, Func<TState, CancellationToken, ValueTask<TResult>> attempt, TState state,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (s, token) => await s.Attempt(s.State, token).ConfigureAwait(false),
                (Attempt: attempt, State: state),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"{_service.ServiceId} {operation} failed after {Attempts}: {e.Message}", e, e.StatusCode);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{_service.ServiceId} {operation} timed out after {Attempts}.", e);
        }
    }

    private string Attempts => _retry.MaxAttempts == 1 ? "1 attempt" : $"{_retry.MaxAttempts} attempts";

    private static bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        AwsServiceException e => AwsRetryPolicy.IsRetryable(e.Code, e.HttpStatus),
        HttpRequestException or IOException => true,
        // HttpClient's own timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
