using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Aws;

/// <summary>Reads an awsJson1_1 error response into an <see cref="AwsServiceException"/>.</summary>
public static class AwsJsonError
{
    /// <summary>
    /// The code comes from <c>__type</c> (or <c>code</c>, or the X-Amzn-ErrorType header), the message from
    /// <c>message</c> or <c>Message</c>. A body that is not JSON (a proxy's HTML page) is not quoted: only its status is.
    /// </summary>
    public static AwsServiceException Parse(AwsService service, string operation, int httpStatus, string? requestId, string? errorTypeHeader, ReadOnlySpan<byte> body)
    {
        JsonObject? json = null;
        try
        {
            json = body.IsEmpty ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            // Not JSON: fall back to the header and the status below.
        }

        var rawCode = Text(json, "__type") ?? Text(json, "code") ?? Text(json, "Code") ?? errorTypeHeader;
        var code = rawCode is null ? $"Http{httpStatus}" : NormalizeCode(rawCode);
        var message = Text(json, "message") ?? Text(json, "Message") ?? $"HTTP {httpStatus} without an AWS error message";
        return new AwsServiceException(service.ServiceId, operation, code, message, httpStatus, requestId);
    }

    /// <summary>
    /// <c>aws.ecs#ServiceNotFoundException:http://internal…</c> → <c>ServiceNotFoundException</c>: drop everything from the
    /// first ':' (a URL suffix), then everything up to the last '#' (a namespace).
    /// </summary>
    public static string NormalizeCode(string raw)
    {
        var code = raw.Trim();
        var colon = code.IndexOf(':');
        if (colon >= 0) code = code[..colon];
        var hash = code.LastIndexOf('#');
        if (hash >= 0) code = code[(hash + 1)..];
        return code.Length == 0 ? "UnknownError" : code;
    }

    private static string? Text(JsonObject? json, string name) =>
        json?[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
