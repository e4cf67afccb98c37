using System.Net;
using System.Text.Json;
using Refit;

namespace Deployer.Providers.Vercel.Api;

/// <summary>Turns a failed call into one line: status, Vercel's code and message, and the scope on 403/404.</summary>
public static class VercelErrors
{
    public static VercelError? Parse(ApiException exception)
    {
        if (string.IsNullOrWhiteSpace(exception.Content)) return null;
        try { return JsonSerializer.Deserialize<VercelErrorBody>(exception.Content)?.Error; }
        catch (JsonException) { return null; }
    }

    public static string Describe(ApiException exception, VercelScope scope, string action)
    {
        var error = Parse(exception);
        var detail = error is null ? exception.ReasonPhrase ?? "" : $"{error.Code}: {error.Message}";
        var line = $"Vercel {action} failed (HTTP {(int)exception.StatusCode} {detail.Trim()})";
        return exception.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            ? $"{line}; the call used {scope.Describe}: check 'team' and that VERCEL_TOKEN can see it"
            : line;
    }
}
