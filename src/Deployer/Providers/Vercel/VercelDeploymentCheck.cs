using Deployer.Providers.Verify;
using Deployer.Secrets;

namespace Deployer.Providers.Vercel;

/// <summary>
/// Fetches a READY production deployment on its own URL until it answers as <see cref="VercelCheckSpec"/> expects or the
/// check's time runs out; only then is it promoted. <paramref name="origin"/> (tests, a local Vercel) receives the
/// request with the deployment's host as Host; <paramref name="bypass"/> passes Vercel's Deployment Protection.
/// </summary>
public sealed class VercelDeploymentCheck(HttpMessageHandler transport, TimeProvider time, TimeSpan interval, Uri? origin = null, Secret? bypass = null)
{
    /// <summary>Null when the deployment answered as expected, else why not (one line).</summary>
    public async Task<string?> FailureAsync(string deploymentHost, VercelCheckSpec check, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(transport, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var url = $"https://{deploymentHost}{check.Path}";
        var judged = new VerifySpec { Name = "deployment", Url = url, ExpectStatus = check.ExpectStatus, Contains = check.Contains };
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(check.TimeoutSeconds);
        for (var attempt = 1; ; attempt++)
        {
            var reason = await AttemptAsync(http, deploymentHost, url, check, judged, cancellationToken);
            if (reason is null) return null;
            if (time.GetUtcNow() + interval > deadline)
                return $"GET {url} {reason} (after {attempt} attempt(s) in {check.TimeoutSeconds}s)";
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    private async Task<string?> AttemptAsync(HttpClient http, string host, string url, VercelCheckSpec check, VerifySpec judged, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, origin is null ? new Uri(url) : new Uri(origin, check.Path.TrimStart('/')));
        if (origin is not null) request.Headers.Host = host;
        if (bypass is { } secret) request.Headers.Add("x-vercel-protection-bypass", secret.Reveal());
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var response = await http.SendAsync(request, attempt.Token);
            var body = await response.Content.ReadAsStringAsync(attempt.Token);
            return HttpCheck.Judge(judged, (int)response.StatusCode, body);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HttpCheck.Judge(judged, null, "", e is OperationCanceledException ? "did not answer in time" : e.Message);
        }
    }
}
