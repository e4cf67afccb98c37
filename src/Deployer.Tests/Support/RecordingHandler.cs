using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Deployer.Tests.Support;

/// <summary>One request as it left the process: signed, with its target and body.</summary>
public sealed record RecordedRequest(Uri Uri, string? Target, string? ContentType, string? Authorization, JsonNode Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Prefix => Target![..Target!.IndexOf('.')];
    public string Operation => Target![(Target!.IndexOf('.') + 1)..];
}

/// <summary>A transport that records every request (below the SigV4 signer, so it sees what goes on the wire) and sends it on.</summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        _requests.Enqueue(new RecordedRequest(
            request.RequestUri!,
            request.Headers.TryGetValues("X-Amz-Target", out var target) ? target.Single() : null,
            request.Content?.Headers.ContentType?.ToString(),
            request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.Single() : null,
            JsonNode.Parse(body.Length == 0 ? "{}" : body)!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)));
        return await base.SendAsync(request, cancellationToken);
    }
}
