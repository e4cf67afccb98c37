using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Deployer.Tests.Support;

/// <summary>
/// A real HTTP endpoint on a free loopback port standing in for Slack, a Matrix homeserver or a webhook receiver: it
/// keeps every request (method, path, headers, body) and answers with the status the test sets, or never answers.
/// </summary>
public sealed class NoticeReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly CancellationTokenSource _stopping = new();

    private NoticeReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The status every request gets; null holds each request open until the receiver stops.</summary>
    public int? Status { get; set; } = 200;

    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    public string Url(string path) => new Uri(Endpoint, path.TrimStart('/')).ToString();

    public static async Task<NoticeReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new NoticeReceiver(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            // The raw target, as sent: the path's percent-encoding is part of what is tested.
            var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
            receiver._received.Enqueue(new ReceivedRequest(context.Request.Method, target, headers, body));
            if (receiver.Status is not { } status)
            {
                await Task.Delay(Timeout.Infinite, receiver._stopping.Token).ContinueWith(_ => { });
                return;
            }
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 200 ? """{"event_id":"$1"}""" : "error");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One request as the receiver saw it; <see cref="Path"/> is the raw request target, query included.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
