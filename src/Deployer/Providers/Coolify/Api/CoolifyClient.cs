using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Deployer.Resilience;
using Deployer.Secrets;
using Refit;

namespace Deployer.Providers.Coolify.Api;

/// <summary>
/// The typed client of one Coolify instance over one owned transport: the bearer token on every call, and retries of
/// what Coolify answers when it is busy (429 with Retry-After when its deployment queue is full, 502/503/504, a dropped
/// connection). Reads are also retried on 500; a POST is not, since Coolify may have queued the deployment already.
/// </summary>
public sealed class CoolifyClient : IDisposable
{
    private readonly HttpClient _http;

    public CoolifyClient(Uri instance, Secret token, TimeProvider time, HttpMessageHandler? transport = null, int maxAttempts = 5)
    {
        Instance = instance;
        _http = new HttpClient(new BearerRetryHandler(token, time, maxAttempts) { InnerHandler = transport ?? new SocketsHttpHandler() })
        {
            BaseAddress = instance,
            Timeout = TimeSpan.FromSeconds(100),
        };
        Api = RestService.For<ICoolifyDeploys>(_http);
    }

    public Uri Instance { get; }

    /// <summary>Every call; hand <see cref="ICoolifyReads"/> to code that must not change anything.</summary>
    public ICoolifyDeploys Api { get; }

    public void Dispose() => _http.Dispose();

    /// <summary>One line for a failed call: the action, the status and Coolify's own message.</summary>
    public static string Describe(ApiException exception, string action)
    {
        string? message = null;
        try { message = string.IsNullOrWhiteSpace(exception.Content) ? null : JsonSerializer.Deserialize<CoolifyError>(exception.Content)?.Message; }
        catch (JsonException) { } // an HTML error page from a proxy: the status says enough
        return $"Coolify {action} failed (HTTP {(int)exception.StatusCode}{(message is null ? "" : ": " + message)})";
    }

    /// <summary>A status that means the token was refused (401), or is not a valid token for the instance (Coolify answers 400 "Invalid token.").</summary>
    public static bool IsTokenRefused(ApiException exception) =>
        exception.StatusCode == HttpStatusCode.Unauthorized ||
        (exception.StatusCode == HttpStatusCode.BadRequest && exception.Content?.Contains("Invalid token", StringComparison.Ordinal) == true);

    private sealed class BearerRetryHandler(Secret token, TimeProvider time, int maxAttempts) : DelegatingHandler
    {
        private static readonly ProductInfoHeaderValue Agent = new("Deployer", typeof(CoolifyClient).Assembly.GetName().Version?.ToString(3) ?? "0");

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.UserAgent.Add(Agent);
            var read = request.Method == HttpMethod.Get;
            HttpResponseMessage? busy = null;
            var pipeline = RetryPipelines.Build(maxAttempts, time,
                (e, ct) => e is BusyAnswer || (e is HttpRequestException && read) || (e is OperationCanceledException && !ct.IsCancellationRequested && read),
                (_, attempt) => Wait(busy, attempt));
            try
            {
                return await pipeline.ExecuteAsync(async ct =>
                {
                    busy?.Dispose();
                    var response = await base.SendAsync(request, ct);
                    if (!Retried(response.StatusCode, read)) return response;
                    busy = response;
                    throw new BusyAnswer();
                }, cancellationToken);
            }
            catch (BusyAnswer)
            {
                return busy!; // the last answer, for the caller to report
            }
        }

        private static bool Retried(HttpStatusCode status, bool read) =>
            status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            || (read && status == HttpStatusCode.InternalServerError);

        /// <summary>What Retry-After asks (capped at a minute), else 1, 2, 4, 8 s.</summary>
        private static TimeSpan Wait(HttpResponseMessage? busy, int attempt) =>
            busy?.Headers.RetryAfter?.Delta is { } asked ? TimeSpan.FromSeconds(Math.Min(60, asked.TotalSeconds)) : TimeSpan.FromSeconds(1 << Math.Min(attempt, 3));

        private sealed class BusyAnswer : Exception;
    }
}
