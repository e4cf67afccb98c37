using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Deployer.Simulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Deployer.Tests.Support;

/// <summary>What the stub saw: the X-Amz-Target, the body and the headers.</summary>
public sealed record StubRequest(string Target, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Operation => Target[(Target.IndexOf('.') + 1)..];
}

/// <summary>A canned answer.</summary>
public sealed record StubResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static StubResponse Ok(string body) => new(200, body);

    public static StubResponse Error(int status, string type, string message) =>
        new(status, new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), new Dictionary<string, string> { ["x-amzn-RequestId"] = "stub-request-id" });
}

/// <summary>
/// A real HTTP server (Kestrel) on a free 127.0.0.1 port that answers awsJson1_1 calls from a function: for what moto
/// does not implement, and for throttling and server errors on demand.
/// </summary>
public sealed class StubAwsServer : IAsyncDisposable
{
    private LoopbackHost _host = null!;
    private readonly ConcurrentQueue<StubRequest> _requests = new();

    private StubAwsServer() { }

    public Uri Endpoint => _host.Endpoint;

    public IReadOnlyList<StubRequest> Requests => _requests.ToArray();

    public static async Task<StubAwsServer> StartAsync(Func<StubRequest, StubResponse> respond)
    {
        var server = new StubAwsServer();
        server._host = await LoopbackHost.StartAsync(app => app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var request = new StubRequest(headers.GetValueOrDefault("X-Amz-Target", ""), body, headers);
            server._requests.Enqueue(request);
            StubResponse response;
            try
            {
                response = respond(request);
            }
            catch (Exception e)
            {
                // A failed assertion inside the responder reaches the test as a 400 (not retried) that quotes it.
                response = StubResponse.Error(400, "StubAssertionFailed", e.Message.ReplaceLineEndings(" "));
            }
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            await context.Response.WriteAsync(response.Body);
        }));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
    }
}
