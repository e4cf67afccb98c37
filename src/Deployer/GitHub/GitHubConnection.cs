using System.Globalization;
using System.Net;
using Octokit;
using Polly;

namespace Deployer.GitHub;

/// <summary>
/// One Octokit client for one repository, and the single way calls go through it: retried when GitHub or the network
/// fails transiently (see <see cref="GitHubRetryPolicy"/>), and every failure turned into a <see cref="GitHubApiException"/>
/// that says what was being done. The token is revealed once, here, to Octokit's credential store.
/// </summary>
public sealed class GitHubConnection
{
    private readonly ResiliencePipeline _pipeline;

    /// <param name="random">Uniform [0, 1) source for the backoff jitter; defaults to <see cref="Random.Shared"/>.</param>
    public GitHubConnection(GitHubSettings settings, TimeProvider time, Func<double>? random = null)
    {
        Settings = settings;
        // Connection, not GitHubClient(…, baseAddress): GitHubClient rewrites any host but github.com to HOST/api/v3/,
        // which would send GITHUB_API_URL=https://ghes/api/v3 (and the simulator) to the wrong path.
        Connection = new Connection(new ProductHeaderValue("Deployer"), settings.ApiUrl,
            new Octokit.Internal.InMemoryCredentialStore(new Credentials(settings.Token.Reveal(), AuthenticationType.Bearer)));
        Client = new GitHubClient(Connection);

        var retry = settings.Retry;
        var jitter = random ?? Random.Shared.NextDouble;
        _pipeline = Resilience.RetryPipelines.Build(retry.MaxAttempts, time, IsTransient,
            (exception, attempt) => RetryAfter(exception) ?? retry.Delay(attempt, jitter()));
    }

    public GitHubSettings Settings { get; }

    /// <summary>Octokit's typed clients.</summary>
    public IGitHubClient Client { get; }

    /// <summary>Octokit's raw connection, for calls whose Octokit model cannot hold the answer (deployment payloads).</summary>
    public IConnection Connection { get; }

    /// <summary>
    /// Runs <paramref name="call"/> with retries; a failure becomes a <see cref="GitHubApiException"/> naming
    /// <paramref name="action"/> (e.g. "creating a deployment for production").
    /// </summary>
    public async Task<T> CallAsync<T>(string action, Func<GitHubConnection, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                return await call(this, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is ApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            throw Describe(exception, action, attempts);
        }
    }

    private bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        ApiException api when PrimaryReset(api) is not null => false,
        ApiException api when IsSecondaryRateLimit(api) => RetryAfter(api) is { } wait && wait <= Settings.Retry.MaxRetryAfter,
        ApiException api => (int)api.StatusCode >= 500,
        HttpRequestException or IOException => true,
        // HttpClient's own timeout surfaces as a cancellation nobody asked for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static bool IsSecondaryRateLimit(ApiException exception) =>
        exception is SecondaryRateLimitExceededException
        || ((exception.StatusCode == HttpStatusCode.Forbidden || (int)exception.StatusCode == 429) && Header(exception, "Retry-After") is not null);

    private static TimeSpan? RetryAfter(Exception? exception) =>
        exception is ApiException api && Header(api, "Retry-After") is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Max(0, seconds))
            : null;

    /// <summary>When the primary rate limit resets, if this is it: x-ratelimit-remaining 0, whether GitHub answered 403 or 429.</summary>
    private static DateTimeOffset? PrimaryReset(ApiException exception) =>
        exception is RateLimitExceededException limit ? limit.Reset
        : (exception.StatusCode == HttpStatusCode.Forbidden || (int)exception.StatusCode == 429) && Header(exception, "x-ratelimit-remaining") == "0"
          && long.TryParse(Header(exception, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

    private static string? Header(ApiException exception, string name) =>
        exception.HttpResponse?.Headers?.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private GitHubApiException Describe(Exception exception, string action, int attempts)
    {
        var repository = Settings.Repository;
        var tries = attempts == 1 ? "1 attempt" : $"{attempts} attempts";
        var status = exception is ApiException api ? (int)api.StatusCode : (int?)null;
        var said = exception is ApiException e ? GitHubSaid(e) : "";
        var message = exception switch
        {
            AuthorizationException =>
                $"GitHub rejected the token ({status}{said}) while {action} in {repository}. Check that the token is valid and not expired; " +
                "in GitHub Actions pass secrets.GITHUB_TOKEN.",
            ApiException limit when PrimaryReset(limit) is { } reset =>
                $"GitHub's API rate limit for this token is used up ({Header(limit, "x-ratelimit-limit") ?? "?"} requests per hour) while {action} in {repository}; " +
                $"it resets at {reset.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC. Run again after that.",
            ApiException limit when IsSecondaryRateLimit(limit) =>
                $"GitHub's secondary rate limit stopped {action} in {repository} ({status}{said}) after {tries}" +
                (RetryAfter(limit) is { } wait ? $"; it asked to wait {wait.TotalSeconds:0} s." : "."),
            ForbiddenException =>
                $"GitHub refused {action} in {repository} ({status}{said}). The token needs `deployments: write` for the release ledger, " +
                "`contents: write` for the deployment lock and `pull-requests: write` for plan comments.",
            NotFoundException =>
                $"GitHub answered 404 Not Found while {action} in {repository}: the repository (or what it refers to) does not exist, " +
                "or the token cannot see it. Check GITHUB_REPOSITORY and the token's access to it.",
            ApiValidationException validation =>
                $"GitHub refused {action} in {repository} ({status}{said}{Errors(validation)}).",
            ApiException { StatusCode: >= HttpStatusCode.InternalServerError } =>
                $"GitHub answered {status}{said} while {action} in {repository}, {tries}; GitHub may be having an incident (https://www.githubstatus.com).",
            ApiException =>
                $"GitHub answered {status}{said} while {action} in {repository}.",
            OperationCanceledException =>
                $"GitHub did not answer in time while {action} in {repository} ({Settings.ApiUrl}), {tries}.",
            _ =>
                $"Could not reach GitHub at {Settings.ApiUrl} while {action} in {repository}, {tries}: {exception.Message}",
        };
        return new GitHubApiException(message, repository, action, status, exception);
    }

    private static string GitHubSaid(ApiException exception) =>
        exception.ApiError?.Message is { Length: > 0 } text
            ? " " + string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            : "";

    private static string Errors(ApiValidationException exception) =>
        exception.ApiError?.Errors is { Count: > 0 } errors ? ": " + string.Join("; ", errors.Select(e => e.Message ?? $"{e.Field} {e.Code}")) : "";
}
