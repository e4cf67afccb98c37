using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<StubRequest> _requests = new();

    private StubAwsServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<StubRequest> Requests => _requests.ToArray();

    public static async Task<StubAwsServer> StartAsync(Func<StubRequest, StubResponse> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new StubAwsServer(app);
        app.Run(async context =>
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
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
