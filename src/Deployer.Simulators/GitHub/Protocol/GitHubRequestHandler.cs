using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Deployer.Simulators.GitHub.State;
using Microsoft.AspNetCore.Http;

namespace Deployer.Simulators.GitHub.Protocol;

/// <summary>
/// What every request goes through, in GitHub's order: authentication (401 without the token), the rate limit and
/// injected faults (answered before the operation runs), then the operation under the state's lock. Every answer carries
/// GitHub's headers (x-ratelimit-*, x-github-request-id, Link for lists) and is recorded as a <see cref="GitHubExchange"/>.
/// </summary>
internal sealed class GitHubRequestHandler(GitHubState state)
{
    private const string RateLimitDocs = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
    private readonly List<GitHubExchange> _exchanges = [];

    public IReadOnlyList<GitHubExchange> Exchanges
    {
        get { lock (_exchanges) return _exchanges.ToArray(); }
    }

    public async Task HandleAsync(HttpContext context, string operation, string documentationUrl, Func<GitHubState, GitHubRequest, Answer> handler)
    {
        string requestText;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
            requestText = await reader.ReadToEndAsync(context.RequestAborted);
        var requestId = $"{Random.Shared.Next(0x1000, 0xFFFF):X4}:{Random.Shared.Next(0x10000, 0xFFFFF):X5}:{Random.Shared.Next():X7}";
        var response = context.Response;

        Answer answer;
        try
        {
            Authenticate(context.Request.Headers.Authorization.ToString());
            answer = Limit(operation, requestId, response) ?? Run(context.Request, requestText, documentationUrl, handler);
        }
        catch (GitHubError error)
        {
            answer = new Answer(error.Status, error.Body());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            answer = new Answer(500, new JsonObject { ["message"] = $"The simulator failed: {exception}" });
        }

        var responseText = answer.Status == 204 ? "" : answer.Body.ToJsonString();
        lock (_exchanges)
            _exchanges.Add(new GitHubExchange(operation, $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}",
                context.Request.Headers.Authorization.FirstOrDefault(), requestText, answer.Status, responseText));

        response.StatusCode = answer.Status;
        if (answer.Status != 204) response.ContentType = "application/json; charset=utf-8";
        response.Headers["x-github-api-version-selected"] = "2022-11-28";
        response.Headers["x-github-request-id"] = requestId;
        if (answer.Link is not null) response.Headers["Link"] = answer.Link;
        if (responseText.Length > 0) await response.WriteAsync(responseText, context.RequestAborted);
    }

    /// <summary>For routes the simulator does not serve: 404 as GitHub answers an unknown path.</summary>
    public Task NotFoundAsync(HttpContext context) =>
        HandleAsync(context, "", GitHubError.Docs, (_, request) => throw GitHubError.NotFound(request.DocumentationUrl));

    private void Authenticate(string authorization)
    {
        if (authorization.Length == 0) throw GitHubError.RequiresAuthentication();
        var space = authorization.IndexOf(' ');
        var scheme = space < 0 ? "" : authorization[..space];
        var token = space < 0 ? "" : authorization[(space + 1)..].Trim();
        var known = scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase);
        if (!known || token != state.Options.Token) throw GitHubError.BadCredentials();
    }

    /// <summary>Counts the request, writes the x-ratelimit-* headers and answers an injected fault, if one is pending.</summary>
    private Answer? Limit(string operation, string requestId, HttpResponse response)
    {
        int limit = state.Options.RateLimit, used;
        DateTimeOffset reset;
        lock (state.Gate)
        {
            var now = state.Now;
            if (now >= state.WindowReset)
            {
                state.WindowReset = now.AddHours(1);
                state.Used = 0;
            }
            used = ++state.Used;
            reset = state.WindowReset;
        }

        var fault = state.Faults.Take(operation);
        if (fault?.Kind == GitHubFaultKind.PrimaryRateLimit)
        {
            used = limit;
            reset = state.Now + fault.Wait;
        }
        response.Headers["x-ratelimit-limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining"] = Math.Max(0, limit - used).ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-used"] = used.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-resource"] = "core";

        switch (fault?.Kind)
        {
            case GitHubFaultKind.PrimaryRateLimit:
                return new Answer(fault.Status, Error($"API rate limit exceeded for user ID 41898282. If you reach out to GitHub Support for help, please include the request ID {requestId}.", RateLimitDocs, fault.Status));
            case GitHubFaultKind.SecondaryRateLimit:
                response.Headers["retry-after"] = ((long)Math.Ceiling(fault.Wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return new Answer(fault.Status, Error($"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID {requestId}.",
                    RateLimitDocs + "#about-secondary-rate-limits", fault.Status));
            case GitHubFaultKind.ServerError:
                return new Answer(fault.Status, new JsonObject { ["message"] = "Server Error" });
            default:
                return null;
        }
    }

    private Answer Run(HttpRequest http, string requestText, string documentationUrl, Func<GitHubState, GitHubRequest, Answer> handler)
    {
        var request = new GitHubRequest(http, requestText, documentationUrl);
        lock (state.Gate) return handler(state, request);
    }

    private static JsonObject Error(string message, string documentationUrl, int status) => new()
    {
        ["message"] = message,
        ["documentation_url"] = documentationUrl,
        ["status"] = status.ToString(CultureInfo.InvariantCulture),
    };
}
