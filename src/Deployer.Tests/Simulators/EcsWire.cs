using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deployer.Tests.Simulators;

/// <summary>A raw awsJson1_1 client for the ECS simulator, written here from the protocol, not from Deployer's adapter.</summary>
public sealed class EcsWire(Uri endpoint) : IDisposable
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";
    private readonly HttpClient _http = new();

    public sealed record Response(int Status, JsonObject Body, string? ContentType)
    {
        /// <summary>The error name clients see: what follows '#' in __type.</summary>
        public string? ErrorCode => Body["__type"]?.GetValue<string>() is { } type ? type[(type.IndexOf('#') + 1)..] : null;
        public string? Message => Body["message"]?.GetValue<string>();
    }

    /// <summary>Sends one request; <paramref name="target"/> replaces the X-Amz-Target header (empty: none).</summary>
    public async Task<Response> SendAsync(string operation, object request, string? target = null)
    {
        var json = request as JsonNode ?? JsonSerializer.SerializeToNode(request)!;
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        target ??= TargetPrefix + operation;
        if (target.Length > 0) message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        message.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=deadbeef");
        using var response = await _http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        return new Response((int)response.StatusCode, JsonNode.Parse(body)!.AsObject(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Sends one request that must succeed.</summary>
    public async Task<JsonObject> CallAsync(string operation, object request)
    {
        var response = await SendAsync(operation, request);
        Assert.True(response.Status == 200, $"{operation} answered {response.Status}: {response.Body.ToJsonString()}");
        return response.Body;
    }

    public void Dispose() => _http.Dispose();
}
