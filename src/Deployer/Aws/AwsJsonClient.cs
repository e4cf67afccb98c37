using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Aws;

/// <summary>
/// The awsJson1_1 protocol: <c>POST /</c> with <c>X-Amz-Target: &lt;prefix&gt;.&lt;Operation&gt;</c> and a JSON body,
/// errors read into <see cref="AwsServiceException"/>, throttling / 5xx / network errors retried with full-jitter backoff
/// on the injected clock. Signing is the <see cref="HttpClient"/>'s job (a SigV4 handler, see <see cref="AwsClients"/>).
/// </summary>
public sealed class AwsJsonClient
{
    private static readonly MediaTypeHeaderValue ContentType = new("application/x-amz-json-1.1");
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AwsRetryPipeline _retry;

    /// <param name="service">The service called.</param>
    /// <param name="endpoint">Its endpoint (see <see cref="AwsSettings.EndpointFor"/>).</param>
    /// <param name="http">An HttpClient that signs for <paramref name="service"/>.</param>
    /// <param name="retry">Retry policy.</param>
    /// <param name="time">Clock for the retry delays.</param>
    /// <param name="random">Uniform [0, 1) source for the jitter; defaults to <see cref="Random.Shared"/>.</param>
    public AwsJsonClient(AwsService service, Uri endpoint, HttpClient http, AwsRetryPolicy retry, TimeProvider time, Func<double>? random = null)
    {
        Service = service;
        _endpoint = endpoint;
        _http = http;
        _retry = new AwsRetryPipeline(service, retry, time, random);
    }

    public AwsService Service { get; }

    /// <summary>Calls <paramref name="operation"/> with <paramref name="request"/> and returns the response object.</summary>
    public Task<JsonObject> SendAsync(string operation, JsonNode request, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(operation,
            static (state, token) => state.Self.AttemptAsync(state.Operation, state.Body, token),
            (Self: this, Operation: operation, Body: JsonSerializer.SerializeToUtf8Bytes(request, AwsJson.Options)),
            cancellationToken);

    /// <summary>Serializes <paramref name="request"/> with <see cref="AwsJson.Options"/> and calls <paramref name="operation"/>.</summary>
    public Task<JsonObject> SendAsync<TRequest>(string operation, TRequest request, CancellationToken cancellationToken) =>
        SendAsync(operation, JsonSerializer.SerializeToNode(request, AwsJson.Options) ?? new JsonObject(), cancellationToken);

    private async ValueTask<JsonObject> AttemptAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        // A new message per attempt: the signer stamps X-Amz-Date, so a retried request is signed again.
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = ContentType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{Service.TargetPrefix}.{operation}");

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw AwsJsonError.Parse(Service, operation, (int)response.StatusCode, Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id"),
                Header(response, "X-Amzn-ErrorType"), content);
        if (content.Length == 0) return new JsonObject();
        try
        {
            return JsonNode.Parse(content) as JsonObject
                   ?? throw new InvalidDataException($"{Service.ServiceId} {operation} returned JSON that is not an object.");
        }
        catch (JsonException)
        {
            // The body is not quoted: it may be a secret (GetSecretValue, GetAuthorizationToken).
            throw new InvalidDataException($"{Service.ServiceId} {operation} returned a response that is not JSON (HTTP {(int)response.StatusCode}).");
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
