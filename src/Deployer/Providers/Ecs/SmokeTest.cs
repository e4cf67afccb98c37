namespace Deployer.Providers.Ecs;

/// <summary>
/// Runs a service's smoke checks against the test listener: each check sends its requests one after another and every
/// answer is judged (<see cref="SmokeJudge"/>). Nothing runs past <c>deadline</c> (the hook's expiresAt): what is left
/// unsent counts as failed, since ECS will take the hook's timeout action anyway.
/// </summary>
public sealed class SmokeTest(HttpMessageHandler transport, TimeProvider time)
{
    private static readonly TimeSpan LongestRequest = TimeSpan.FromSeconds(30);

    public async Task<SmokeReport> RunAsync(SmokeSpec smoke, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(transport, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var results = new List<SmokeCheckResult>();
        foreach (var check in smoke.Checks)
        {
            var url = smoke.TestUrl.TrimEnd('/') + check.Path;
            var answers = new List<SmokeAnswer>();
            string? interrupted = null;
            for (var i = 0; i < smoke.Requests; i++)
            {
                var left = deadline - time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    interrupted = "the hook's timeout passed";
                    break;
                }
                answers.Add(await AskAsync(http, url, left < LongestRequest ? left : LongestRequest, cancellationToken));
            }
            results.Add(new SmokeCheckResult(check, url, answers, SmokeJudge.Judge(check, url, answers, smoke.Requests, interrupted)));
        }
        return new SmokeReport(smoke.TestUrl, results);
    }

    private async Task<SmokeAnswer> AskAsync(HttpClient http, string url, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(limit);
        var started = time.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(url, attempt.Token);
            var body = await response.Content.ReadAsStringAsync(attempt.Token);
            return new SmokeAnswer((int)response.StatusCode, body, time.GetElapsedTime(started));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SmokeAnswer(null, "", time.GetElapsedTime(started), e is OperationCanceledException ? "did not answer in time" : e.Message);
        }
    }
}
