using System.Net;
using System.Net.Http.Headers;
using Deployer.Resilience;
using Deployer.Secrets;

namespace Deployer.Providers.Vercel.Api;

/// <summary>
/// Every Vercel call: the bearer token, a User-Agent naming Deployer, the team scope on the query, and the shared retry
/// pipeline (429/503 wait Retry-After plus jitter; other 5xx and network errors back off).
/// </summary>
public sealed class VercelHttpHandler(Secret token, VercelScope scope, TimeProvider time, int maxAttempts = 5) : DelegatingHandler
{
    private static readonly ProductInfoHeaderValue Agent = new("Deployer", typeof(VercelHttpHandler).Assembly.GetName().Version?.ToString(3) ?? "0");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        request.Headers.UserAgent.Clear();
        request.Headers.UserAgent.Add(Agent);
        request.RequestUri = scope.Apply(request.RequestUri!);
        var pipeline = RetryPipelines.Build(maxAttempts, time, (e, ct) => IsTransient(e, ct), Delay);
        try
        {
            return await pipeline.ExecuteAsync(async ct =>
            {
                var response = await base.SendAsync(request, ct);
                if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                    throw new VercelTransientResponse(response);
                return response;
            }, cancellationToken);
        }
        catch (VercelTransientResponse last)
        {
            return last.Response;
        }
    }

    private static bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        VercelTransientResponse => true,
        HttpRequestException => true,
        TaskCanceledException or OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Retry-After (plus up to a second of jitter) when the server names it; else 1, 2, 4 … s capped at 30 s.</summary>
    public static TimeSpan Delay(Exception? exception, int attempt)
    {
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 250));
        if (exception is VercelTransientResponse { Response.Headers.RetryAfter: { } after })
        {
            var wait = after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : TimeSpan.Zero);
            return (wait < TimeSpan.Zero ? TimeSpan.Zero : wait) + jitter;
        }
        return TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, attempt))) + jitter;
    }

    private sealed class VercelTransientResponse(HttpResponseMessage response) : Exception($"HTTP {(int)response.StatusCode}")
    {
        public HttpResponseMessage Response => response;
    }
}

/// <summary>The team a call acts for: <c>teamId</c> for ids (<c>team_…</c>), <c>slug</c> otherwise; none for a personal account.</summary>
public sealed record VercelScope(string? Team)
{
    public string Describe => Team is null ? "the token's personal account" : $"team '{Team}'";

    public Uri Apply(Uri uri)
    {
        if (Team is null) return uri;
        var key = Team.StartsWith("team_", StringComparison.Ordinal) ? "teamId" : "slug";
        var builder = new UriBuilder(uri);
        var pair = $"{key}={Uri.EscapeDataString(Team)}";
        builder.Query = string.IsNullOrEmpty(builder.Query) ? pair : builder.Query.TrimStart('?') + "&" + pair;
        return builder.Uri;
    }
}
