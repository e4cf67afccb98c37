using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Deployer.Tests.Support;

/// <summary>One request as it left the process: signed, with its target and body (JSON, or the form fields of a query-protocol call).</summary>
public sealed record RecordedRequest(Uri Uri, string? Target, string? ContentType, string? Authorization, JsonNode Body, IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<KeyValuePair<string, string>>? Form = null)
{
    public string Prefix => Target![..Target!.IndexOf('.')];
    public string Operation => Target is null ? FormValue("Action")! : Target[(Target.IndexOf('.') + 1)..];

    /// <summary>A form field of a query-protocol request; null when absent.</summary>
    public string? FormValue(string name) => Form?.FirstOrDefault(f => f.Key == name).Value;
}

/// <summary>A transport that records every request (below the SigV4 signer, so it sees what goes on the wire) and sends it on.</summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var contentType = request.Content?.Headers.ContentType?.ToString();
        var isForm = contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) == true;
        _requests.Enqueue(new RecordedRequest(
            request.RequestUri!,
            request.Headers.TryGetValues("X-Amz-Target", out var target) ? target.Single() : null,
            contentType,
            request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.Single() : null,
            isForm || body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            isForm ? ParseForm(body) : null));
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>application/x-www-form-urlencoded fields, in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => new KeyValuePair<string, string>(Decode(parts[0]), parts.Length > 1 ? Decode(parts[1]) : ""))
            .ToArray();

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
